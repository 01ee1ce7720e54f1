"""The comparison of two standards on the same households: a view over a run that classifies twice.

May use `run` and everything below it; not the other views or the CLI.
"""
