"""The store: where the record book lives, how events are written, chained and kept secret."""
