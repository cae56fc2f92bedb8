from opgave_cli.entry import main

main()
