"""The explanation of one household's class: a view over a run of one row.

May use `run` and everything below it; not the other views or the CLI.
"""
