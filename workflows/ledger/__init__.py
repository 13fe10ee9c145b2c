"""An organisation's existing ledger: its table read, its rows turned into opening entries."""
