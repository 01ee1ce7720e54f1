"""A run over a whole input: validation of every needed cell with reasons, the batch runner that
splits classified rows from rejects and writes them, the classify pipeline with its accounting,
the duplicate-id check, and the running of a standard's YAML test cases.

May use `io`, `engine`, `standard` and the ground modules.
"""
