"""Pure-Python engines: no Django, no app imports (checked by import-linter)."""
