"""The pure analysis: text in, findings, categories, grade and summary out (no I/O)."""
