"""Document → Report: parts, paragraphs, metadata and the three standard tables."""
