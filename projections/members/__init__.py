"""What the views say of one member: the member row, their case and files, their history, the
record on a date, and their next step."""
