"""The engine's refusals of what a person typed or chose, with a stable code.

`str(error)` is an English sentence for the shell and the logs; `code` and `params` let the
application say it in the user's language. Programming errors (a meeting number twice, a naive
datetime) stay plain `ValueError`s.
"""

from __future__ import annotations

from datetime import date


class SchedulingError(ValueError):
    """A refused input: `code` names the case, `params` are the values the message quotes."""

    def __init__(self, message: str, *, code: str, **params: str | int | date) -> None:
        super().__init__(message)
        self.code = code
        self.params = params
