"""What the view tables are and what they can hold: their columns, the secret ones, their limits,
and the rows a page writes together."""
