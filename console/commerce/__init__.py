"""Commerce run-of-show: products, stock, selling cues, per-product results, script sign-off (issue 16)."""
