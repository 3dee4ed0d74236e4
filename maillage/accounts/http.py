"""What the accounts app reads from an HTTP request."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's address (audit trail, rate limits), or None when it is not a valid one.

    Without proxy (settings.TRUSTED_PROXY_COUNT = 0) it is REMOTE_ADDR. Behind N reverse proxies
    that each append to X-Forwarded-For, it is the N-th address from the right: the one our
    own first proxy saw. Addresses further left are written by the client and never trusted.
    """
    value = request.META.get("REMOTE_ADDR", "")
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        value = forwarded[-proxies] if len(forwarded) >= proxies else ""
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None
