"""Input and output: readers that turn CSV, XLSX, Parquet or stdin into a lazy table with row numbers,
the batch stream over a table, and the atomic writers of every output format.

May use `engine`, `standard` (the strict YAML loader for mapping files) and the ground modules.
"""
