"""How the views keep up with the log: catching up, how far behind they are, a broken log, events
left unplaced, and a check against a rebuild."""
