"""What the views say of one member: the member row and its state after each change, the
casework and files beside it, what `member show` says, their history, the record on a date,
and their next step."""
