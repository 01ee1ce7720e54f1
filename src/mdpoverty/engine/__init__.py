"""The engine: the whitelist compiler from a standard's expressions to polars expressions, and the
classifier that applies a compiled standard to whole columns.

May use `standard` and the ground modules; never reads or writes files.
"""
