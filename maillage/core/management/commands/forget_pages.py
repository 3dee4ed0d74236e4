"""`manage.py forget_pages`: every kept page is made again at its next request
(core.page_cache), and everyone's roles are read again (core.roles).

After writes that did not go through Django's connection: psql, a restore, COPY.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from maillage.core import page_cache
from maillage.core.roles import bump_roles


class Command(BaseCommand):
    help = "Every kept page is made again at its next request (after writes made outside Django)."

    def handle(self, *args: Any, **options: Any) -> None:
        page_cache.forget_all()
        bump_roles()
        self.stdout.write("Kept pages and roles forgotten.")
