"""Measuring the product against labelled datasets: `policy-rewriter eval`."""
