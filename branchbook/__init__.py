"""branchbook — the branch record book, event-sourced.

The layers live in the repository's top-level folders (domain/, workflows/, projections/,
documents/, cli/); this package names them, so the installed wheel claims only the name
`branchbook`.
"""
