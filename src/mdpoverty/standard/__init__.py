"""The standard format: its pydantic models, the strict YAML loader, `extends`, the catalogue of
shipped standards, the diff of two standards and the loading of YAML test cases.

May use only the ground modules (`errors`, `columns`, `text`, `exact`); knows nothing of polars
expressions, inputs or runs.
"""
