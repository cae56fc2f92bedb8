"""`python -m opgave_cli`: the same program as the `opgave` console script."""

try:
    from opgave_cli.entry import main

    main()
except KeyboardInterrupt:
    # Ctrl-C while the console script is imported, or in the instant before it catches
    # one itself (main() handles every Ctrl-C after its first line).
    import os

    os.write(2, b"opgave: error: interrupted\n")
    os._exit(130)
