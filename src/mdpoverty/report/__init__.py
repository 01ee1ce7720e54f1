"""The review's report: households per class by administrative unit (with subtotals up the
hierarchy, urban and rural), ethnic-minority households, deprivation among the poor and the
near-poor, and the movements since the previous review's list: a view over one classify run,
with a join against the previous list made partition by partition on disk.

May use `run` and everything below it; not the other views or the CLI.
"""
