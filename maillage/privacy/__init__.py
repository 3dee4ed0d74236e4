"""privacy: not built yet (see the issues)."""
