"""Input checks shared by the voting methods: one clear ``ValueError`` per mistake."""

from collections.abc import Hashable, Iterable, Sequence


def check_candidates[C: Hashable](candidates: Sequence[C]) -> tuple[C, ...]:
    """Return the candidates as a tuple, refusing a candidate listed twice."""
    seen: set[C] = set()
    for candidate in candidates:
        if candidate in seen:
            raise ValueError(f"candidate {candidate!r} is listed twice among the candidates")
        seen.add(candidate)
    return tuple(candidates)


def check_choices[C: Hashable](
    choices: Iterable[C], known: frozenset[C], *, ballot: int, what: str
) -> None:
    """Refuse a ballot that names an unknown candidate or names one twice.

    ``ballot`` is the 1-based position of the ballot, ``what`` the verb used in the message
    ("ranks", "approves").
    """
    seen: set[C] = set()
    for choice in choices:
        if choice not in known:
            raise ValueError(f"ballot {ballot} {what} unknown candidate {choice!r}")
        if choice in seen:
            raise ValueError(f"ballot {ballot} {what} candidate {choice!r} twice")
        seen.add(choice)
