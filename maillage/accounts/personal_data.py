"""What the accounts app holds about a person (see `core.personal_data`): the account itself, and
the credentials hanging off it (login links, API tokens, second factors).

Export: the account row and the metadata of each credential, never a secret or its hash.
Erasure: the account stays (audit entries and minutes point to it) but is deactivated, renamed
"Ancien membre", its email replaced and its password made unusable; every credential row is
deleted and every session of the account ends.
"""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.accounts.models import User
from maillage.core.personal_data import (
    FORMER_MEMBER,
    Erasure,
    Export,
    Holding,
    Subject,
    json_value,
    register,
)

USER_FIELDS = ("email", "display_name", "language", "is_active", "date_joined", "last_login")
# Never exported: secrets and their hashes.
SECRET_FIELDS = {"password", "token_hash", "code_hash", "secret", "key"}


def erased_email(user_id: int) -> str:
    """The address an erased account gets: unique, and undeliverable (.invalid is reserved)."""
    return f"ancien-membre-{user_id}@erased.invalid"


def _credential_models() -> list[tuple[type[models.Model], str]]:
    """Every accounts model with a link to the user, and the name of that link: each is a
    credential of the user (login links, tokens, second factors), deleted on erasure."""
    found = []
    for model in apps.get_app_config("accounts").get_models():
        if model is User:
            continue
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete and field.related_model is User:
                found.append((model, field.name))
    return found


def _metadata(obj: models.Model) -> dict[str, object]:
    return {
        field.attname: json_value(getattr(obj, field.attname))
        for field in obj._meta.concrete_fields
        if field.name not in SECRET_FIELDS and not field.is_relation
    }


def export(subject: Subject) -> Export:
    if subject.user_id is None:
        return {}
    user = User.objects.filter(pk=subject.user_id).first()
    if user is None:
        return {}
    data: Export = {"account": [{name: json_value(getattr(user, name)) for name in USER_FIELDS}]}
    for model, link in _credential_models():
        rows = model._default_manager.filter(**{link: user}).order_by("pk")
        data[model._meta.model_name or model.__name__] = [_metadata(row) for row in rows]
    return data


def end_sessions(user_id: int) -> int:
    """Delete the sessions of this account from the session store (database-backed engines).

    Other engines cannot be listed; there the account's deactivation and its unusable password
    (part of the session hash) refuse the sessions at their next request.
    """
    engine = import_module(settings.SESSION_ENGINE)
    store_class = engine.SessionStore
    if not hasattr(store_class, "get_model_class"):
        return 0
    session_model = store_class.get_model_class()
    keys = [
        session.session_key
        for session in session_model.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == str(user_id)
    ]
    for key in keys:
        store_class(key).delete()
    return len(keys)


def erase(subject: Subject) -> None:
    if subject.user_id is None:
        return
    user = User.objects.select_for_update().filter(pk=subject.user_id).first()
    if user is None:
        return
    for model, link in _credential_models():
        model._default_manager.filter(**{link: user}).delete()
    user.email = erased_email(user.pk)
    user.display_name = FORMER_MEMBER
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    end_sessions(user.pk)


def _holdings() -> list[Holding]:
    credentials = [
        Holding(
            model._meta.label,
            of_user=link,
            erasure=Erasure.DELETE,
            reason="a credential of the account",
        )
        for model, link in _credential_models()
    ]
    return [
        Holding(
            "accounts.User",
            of_user="pk",
            erasure=Erasure.ANONYMISE,
            fields=("email", "display_name", "password"),
            reason="kept, deactivated, for the audit trail and the minutes it signed",
        ),
        *credentials,
    ]


register(
    "accounts",
    holdings=_holdings(),
    exporter=export,
    eraser=erase,
    titles={
        "account": _("Compte"),
        "magiclink": _("Liens de connexion"),
        "apitoken": _("Jetons d'API"),
        "totpdevice": _("Application d'authentification"),
        "recoverycode": _("Codes de secours"),
    },
)
