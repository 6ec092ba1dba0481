"""Report → Findings: one module per family of rules, all registered in `registry`."""
