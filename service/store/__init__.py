"""The relational record: manuals, rules and complaints (SQLite file or PostgreSQL)."""
