"""The demo: a deterministic history of a small organisation, as a journal of commands."""
