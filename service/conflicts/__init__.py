"""Conflicts stage: which complaints show which rules blocking or harming customers."""
