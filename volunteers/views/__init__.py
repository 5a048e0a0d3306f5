"""Pages of volunteering: lists and records' pages (pages), their writes (records)."""
