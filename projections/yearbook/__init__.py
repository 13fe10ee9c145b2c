"""A year of a branch, or of a higher organisation over its branches, gathered from the views
for the reports people read (`branchbook report`): particulars, roster, meetings, pipeline,
dues, talks and training, compliance and evaluation, and the series its charts draw."""
