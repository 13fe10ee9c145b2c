"""Recording commands: a journal read, each command judged and saved, and what became of it."""
