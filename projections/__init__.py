"""Read models: SQL tables kept current from the notification log, and the queries on them."""
