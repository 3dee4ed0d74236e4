"""business: not built yet (see the issues)."""
