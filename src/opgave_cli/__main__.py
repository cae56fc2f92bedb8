"""`python -m opgave_cli`: the same program as the `opgave` console script (whose module
takes Ctrl-C over with its first statement)."""

from opgave_cli.entry import main

main()
