"""What an auditor asks of the views: the audit trail, compliance, what falls due, the numbers,
and exports."""
