"""Review: people and access, decisions, the audit trail and exports of revised manuals."""
