"""Application services: the event-sourced application, its commands and the journal."""
