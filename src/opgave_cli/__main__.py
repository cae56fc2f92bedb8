"""`python -m opgave_cli`: the same program as the `opgave` console script."""

from opgave_cli.entry import main

main()
