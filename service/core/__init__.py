"""Shared core: settings, errors and domain types used by every stage."""
