"""The write workflows, one module each: sign, sign many, amend, unsign, pay, import counts.

Each takes a store session (the data as read under the lock) and the values the user
gave, plans its edits by the domain's rules, saves them (or, in a dry run, only
validates them) and returns the change with what its echo needs. No Typer, no printing.
"""
