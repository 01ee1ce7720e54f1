"""Input and output: readers that turn CSV, XLSX, Parquet or stdin into a lazy table with row numbers,
the layout of lists kept for print (header below title rows; numbering, totals and blank rows), the
`--columns` mapping file, the batch stream over a table, and the atomic writers of every output format.

May use `engine`, `standard` (the strict YAML loader for mapping files) and the ground modules.
"""
