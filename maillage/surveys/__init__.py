"""surveys: not built yet (see the issues)."""
