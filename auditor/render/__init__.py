"""Output: terminal summaries, JSON, and documents rendered from reports."""
