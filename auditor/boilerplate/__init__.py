"""Text reuse across reports: fingerprints, corpus index, template / boilerplate / copied text."""
