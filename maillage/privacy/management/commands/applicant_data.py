"""`python manage.py applicant_data export|erase EMAIL`: answer the written request of an
applicant who never joined (their applications are tied to no person or account, so *Mes
données* cannot reach them). The export is printed as JSON; both are audited."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from maillage.privacy.services import applicant_erase, applicant_export


class Command(BaseCommand):
    help = "Export or erase the applications of an applicant who never joined, by email."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "export":
            document = applicant_export(email=options["email"], by=None)
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
        else:
            count = applicant_erase(email=options["email"], by=None)
            self.stdout.write(f"{count} applications erased")
