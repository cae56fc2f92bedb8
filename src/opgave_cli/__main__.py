from opgave_cli.cli import main

main()
