"""Small helpers every app of ours may use: email building, form helpers, rating labels,
text tidying. The bottom layer: it imports no app of ours (docs/architecture.md)."""
