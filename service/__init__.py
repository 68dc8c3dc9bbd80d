"""policy-rewriter: find the rules that say "no" to customers and draft better ones."""

__version__ = "0.1.0"
