"""Rate limits on logging in, asking for login links and second-factor codes.

Counters live in the Django cache: Redis in production (shared by every web process), an
in-process cache in development and tests. Each rule counts events under one key (an account,
an address, or both) and, once `limit` events are counted within `cooloff` seconds, locks that
key for `cooloff` seconds. Locks always end: a victim's account can be slowed down while an
attack lasts, never closed for good (see docs/security.md).
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass
from typing import Literal

from django.core.cache import cache

type Scope = Literal["login", "magic_link", "totp"]
type KeyKind = Literal["address", "account", "account_address"]


@dataclass(frozen=True)
class Rule:
    key: KeyKind
    limit: int
    cooloff: int  # seconds
    silent: bool = False  # a silent rule is enforced without saying so (no account enumeration)


MINUTE = 60

RULES: dict[Scope, tuple[Rule, ...]] = {
    # Failed password logins. The tight rule is per account *and* address: it stops a guesser
    # without touching the real user elsewhere. The per-account rule (any address) catches a
    # guesser spread over many addresses; its cool-off is short, so it only ever slows the
    # real user down, who can also log in by emailed link meanwhile.
    "login": (
        Rule("account_address", limit=5, cooloff=15 * MINUTE),
        Rule("account", limit=20, cooloff=5 * MINUTE),
        Rule("address", limit=50, cooloff=15 * MINUTE),
    ),
    # Requests for a login link (each one counts): no mail-bombing of an inbox, no flood from
    # one address. The per-account rule is silent: the answer stays the same whether or not
    # the address has an account.
    "magic_link": (
        Rule("account", limit=5, cooloff=15 * MINUTE, silent=True),
        Rule("address", limit=20, cooloff=15 * MINUTE),
    ),
    # Wrong second-factor codes (after a correct first factor): 5 per address, 10 in all.
    "totp": (
        Rule("account_address", limit=5, cooloff=15 * MINUTE),
        Rule("account", limit=10, cooloff=15 * MINUTE),
    ),
}


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]


def _key(scope: Scope, rule: Rule, account: str, address: str | None) -> str:
    address = address or "unknown"
    parts = {
        "address": (address,),
        "account": (account.lower(),),
        "account_address": (account.lower(), address),
    }[rule.key]
    return f"throttle:{scope}:{rule.key}:{_digest(*parts)}"


def retry_after(scope: Scope, *, account: str, address: str | None) -> int:
    """Seconds until the longest lock of a (non-silent) rule on these keys ends; 0 if none."""
    now = time.time()
    longest = 0.0
    for rule in RULES[scope]:
        if rule.silent:
            continue
        until = cache.get(_key(scope, rule, account, address) + ":lock")
        if until is not None:
            longest = max(longest, float(until) - now)
    return math.ceil(longest) if longest > 0 else 0


def is_silently_blocked(scope: Scope, *, account: str, address: str | None) -> bool:
    now = time.time()
    for rule in RULES[scope]:
        if rule.silent:
            until = cache.get(_key(scope, rule, account, address) + ":lock")
            if until is not None and float(until) > now:
                return True
    return False


def record(scope: Scope, *, account: str, address: str | None) -> None:
    """Count one event (a failure, or a request) against every rule of the scope."""
    for rule in RULES[scope]:
        key = _key(scope, rule, account, address)
        cache.add(key, 0, timeout=rule.cooloff)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=rule.cooloff)
            count = 1
        if count >= rule.limit:
            cache.set(key + ":lock", time.time() + rule.cooloff, timeout=rule.cooloff)
            cache.delete(key)


def reset(scope: Scope, *, account: str, address: str | None) -> None:
    """A success clears the per account-and-address count (the others keep running)."""
    for rule in RULES[scope]:
        if rule.key == "account_address":
            cache.delete(_key(scope, rule, account, address))


def minutes(seconds: int) -> int:
    return max(1, math.ceil(seconds / 60))
