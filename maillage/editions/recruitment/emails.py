"""Recruitment's emails, each in its recipient's language: the account's, else the one the
application was made in. They carry the decision, the project manager's message, the group's
name and links: nothing about the other applicants."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from maillage.territories.models import Person


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def language_of(person: Person | None, fallback: str) -> str:
    """The person's account language, else `fallback` (the application's)."""
    user = getattr(person, "user", None) if person is not None else None
    return user.language if user is not None else fallback


def render(template: str, context: dict[str, Any], *, language: str) -> tuple[str, str]:
    """(subject, body) of `editions/email/<template>.txt`: first line subject, then the body."""
    with translation.override(language):
        text = render_to_string(f"editions/email/{template}.txt", context)
    subject, _blank, body = text.strip().partition("\n")
    return " ".join(subject.split()), body.strip() + "\n"


def send(*, to: str, template: str, context: dict[str, Any], language: str) -> None:
    subject, body = render(template, context, language=language)
    EmailMessage(subject=subject, body=body, to=[to], headers={"Content-Language": language}).send()


def login_url() -> str:
    return absolute(reverse("accounts:login"))
