"""The pure model of branchbook: aggregates, their events, the rulebook and its checks."""
