"""Drafting: customer-enabling rewrites of restrictive rules, verified before review."""
