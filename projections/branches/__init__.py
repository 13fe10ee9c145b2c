"""What the views say of branches: a branch and its findings, the roster, meetings, and the
organisations above them."""
