"""`make bench`: speed, cost and robustness figures, each beside its baseline (see README)."""
