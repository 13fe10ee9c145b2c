"""The branchbook command line."""
