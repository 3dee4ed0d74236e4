"""What each app holds about a person: the registry behind the GDPR export and erasure.

Core imports no app. Each app declares, in a `personal_data.py` module of its own (imported by
`autodiscover()`, as Django's admin does with `admin.py`), the models that hold something about
a person and two functions::

    personal_data.register(
        "meetings",
        holdings=[Holding("meetings.Attendance", of_person="person", erasure=Erasure.KEEP)],
        exporter=export_attendance,  # Subject -> {section: [record, ...]}
        eraser=erase_nothing,  # Subject -> None, inside the erasure's transaction
    )

The privacy app runs every exporter for a download and every eraser for an erasure. The
holdings say, model by model, how the person's rows are reached and what erasure does to them;
the tests check each declared field after an erasure, and that every model pointing at a user
or a person is declared somewhere.
"""

from __future__ import annotations

import datetime
import decimal
import enum
import hashlib
import hmac
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

Record = dict[str, Any]
Export = dict[str, list[Record]]

# What erasure leaves in place of a name (the stored text is French, as the data is).
FORMER_MEMBER = "Ancien membre"


@dataclass(frozen=True)
class Subject:
    """The person whose data is exported or erased: their Person row, their account, or both."""

    person_id: int | None
    user_id: int | None


class Erasure(enum.Enum):
    ANONYMISE = "anonymise"  # the rows stay; the listed fields are blanked or replaced
    DELETE = "delete"  # the rows go
    KEEP = "keep"  # the rows stay as they are: they hold no personal field (figures, history)


@dataclass(frozen=True)
class Holding:
    """One model holding something about a person, reached from the person or their account.

    `of_person` / `of_user`: the lookup from the model to the person's / the user's id
    ("pk", "person", "membership__person"). `fields`: the personal fields that erasure blanks or
    replaces (ANONYMISE). `reason`: why the rows are kept or how they are treated.
    """

    model: str
    of_person: str = ""
    of_user: str = ""
    erasure: Erasure = Erasure.KEEP
    fields: tuple[str, ...] = ()
    reason: str = ""

    def __post_init__(self) -> None:
        if bool(self.of_person) == bool(self.of_user):
            raise ValueError(f"{self.model}: give exactly one of of_person or of_user.")
        if (self.erasure is Erasure.ANONYMISE) != bool(self.fields):
            raise ValueError(f"{self.model}: fields are for ANONYMISE holdings, and only them.")

    def rows(self, subject: Subject) -> models.QuerySet[Any]:
        """The subject's rows of this model (none when the subject lacks that side)."""
        from django.apps import apps

        model = apps.get_model(self.model)
        key = subject.person_id if self.of_person else subject.user_id
        if key is None:
            return model._default_manager.none()
        return model._default_manager.filter(**{self.of_person or self.of_user: key})


def _nothing_to_export(subject: Subject) -> Export:
    return {}


def _nothing_to_erase(subject: Subject) -> None:
    return None


@dataclass(frozen=True)
class Registration:
    app_label: str
    holdings: tuple[Holding, ...] = ()
    exporter: Callable[[Subject], Export] = _nothing_to_export
    eraser: Callable[[Subject], None] = _nothing_to_erase
    # Readable titles of the exporter's sections, for the HTML page.
    titles: Mapping[str, Any] = field(default_factory=dict)


_registry: dict[str, Registration] = {}


def register(
    app_label: str,
    *,
    holdings: Iterable[Holding] = (),
    exporter: Callable[[Subject], Export] = _nothing_to_export,
    eraser: Callable[[Subject], None] = _nothing_to_erase,
    titles: Mapping[str, Any] | None = None,
) -> Registration:
    """Declare what `app_label` holds about a person (registering again replaces)."""
    registration = Registration(app_label, tuple(holdings), exporter, eraser, dict(titles or {}))
    _registry[app_label] = registration
    return registration


def autodiscover() -> None:
    """Import every installed app's `personal_data` module, which registers its holdings."""
    autodiscover_modules("personal_data")


def registrations() -> list[Registration]:
    """Every registration, in the order of INSTALLED_APPS (apps lower in the floors first)."""
    from django.apps import apps

    order = {config.label: index for index, config in enumerate(apps.get_app_configs())}
    return sorted(_registry.values(), key=lambda r: order.get(r.app_label, len(order)))


def holdings() -> list[Holding]:
    return [holding for registration in registrations() for holding in registration.holdings]


def pseudonym(user_id: int) -> str:
    """A stable label for an erased account: the same user always gets the same one, and the
    label does not reveal the id (keyed hash)."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"maillage.pseudonym:{user_id}".encode(), hashlib.sha256
    ).hexdigest()
    return f"{FORMER_MEMBER} {digest[:8]}"


def json_value(value: Any) -> Any:
    """A value as JSON has it: dates in ISO 8601, decimals and lazy strings as text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {str(key): json_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_value(item) for item in value]
    return str(value)


def record(obj: models.Model | Mapping[str, Any], names: Sequence[str]) -> Record:
    """The named attributes (or keys) of `obj`, JSON-ready."""
    if isinstance(obj, Mapping):
        return {name: json_value(obj[name]) for name in names}
    return {name: json_value(getattr(obj, name)) for name in names}


# Core's own holding: the audit entries where the person is the actor ---------------------------


def _export_audit(subject: Subject) -> Export:
    from maillage.core.models import AuditEntry

    if subject.user_id is None:
        return {}
    entries = AuditEntry.objects.filter(actor_id=subject.user_id).order_by("at", "id")
    return {
        "audit_entries": [
            record(
                entry,
                ["at", "action", "object_type", "object_id", "territory_id", "ip_address", "data"],
            )
            for entry in entries
        ]
    }


def _erase_audit(subject: Subject) -> None:
    """The entries stay (the trail is append-only) but name the actor by a pseudonym, and lose
    the addresses they were made from."""
    from maillage.core.models import AuditEntry

    if subject.user_id is None:
        return
    AuditEntry.objects.filter(actor_id=subject.user_id).update(
        actor_label=pseudonym(subject.user_id), ip_address=None
    )


register(
    "core",
    holdings=[
        Holding(
            "core.AuditEntry",
            of_user="actor",
            erasure=Erasure.ANONYMISE,
            fields=("actor_label", "ip_address"),
            reason="the trail is append-only: the entries stay, under a pseudonym",
        )
    ],
    exporter=_export_audit,
    eraser=_erase_audit,
    titles={"audit_entries": _("Journal : ce que vous avez fait sur la plateforme")},
)
