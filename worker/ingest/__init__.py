"""The network edge: URLs, the fetch guard, fetching, rendering, normalising, extracting."""
