"""mdpoverty: classify households under multidimensional poverty standards and compare them."""

__version__ = "0.1.0"
