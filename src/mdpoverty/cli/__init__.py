"""The `mdpoverty` command: a thin typer layer over the core, one module per command."""
