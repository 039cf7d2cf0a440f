"""The network edge: URLs, the fetch guard, fetching, normalising, extracting."""
