"""Proof that the log is the one recorded: its chain, its events, its records, its seals."""
