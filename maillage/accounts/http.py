"""What the accounts app reads from an HTTP request."""

from __future__ import annotations

import ipaddress

from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The peer address for the audit trail, or None when it is not a valid IP address.

    REMOTE_ADDR only: behind a reverse proxy it is the proxy's address unless the proxy
    rewrites it (forwarded headers are trivially forged, so they are not trusted here).
    """
    value = request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None
