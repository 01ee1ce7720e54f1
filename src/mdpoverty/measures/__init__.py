"""The Alkire-Foster measures of a standard over a whole input: H, A, M0, the censored and
uncensored headcount ratios and the contributions of each indicator and dimension, for several
cut-offs k and per subgroup, exact (integers and fractions) and streamed batch by batch.

A view over a run: may use `run` and everything below it; not the other views or the CLI.
"""
