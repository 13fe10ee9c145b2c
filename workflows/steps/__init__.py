"""The recorded steps: each command's definition and handler, by stage of the rulebook."""
