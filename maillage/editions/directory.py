"""The directory at the scale of a national network: who one may see, prepared in the background.

A member sees, beyond their own groups, every person of their network who agreed to appear in
the directory; staff see everyone in their territories. On a national network that is thousands
of people, and counting, sorting and listing their sectors and communes on each request would
read the whole people and membership tables. The bulk of the list is therefore prepared in the
background (`core.prepared`, refreshed every few minutes):

- `network_entries`: the consenting people of a network;
- `territory_entries`: everyone in some territories (staff);

and only the small part that is the user's own (themselves, their groups) is read live. The page
searches, filters, counts and cuts the page out of these entries, then reads the 25 people of the
page through `visible_people` again: someone who withdrew their consent or left since the last
preparation is never shown (the count may be off by one until the next preparation).

Filters by edition or role need the memberships of every person: they take the live query
(`selectors.directory_people`).
"""

from __future__ import annotations

import datetime
import unicodedata
from typing import Any, NamedTuple

from django.db.models import Q, QuerySet

from maillage.core.prepared import prepared
from maillage.editions.permissions import roles_of, visible_people
from maillage.editions.selectors import DirectoryQuery, memberships_for_display
from maillage.territories.models import Person

_CACHE_ATTRIBUTE = "_maillage_directory_entries"
# A newcomer appears in others' directories within about two minutes.
MAX_AGE = 120


class Entry(NamedTuple):
    sort_key: tuple[str, str, int]
    id: int
    last_name: str
    first_name: str
    company: str
    section: str
    section_label: str
    commune_id: int | None
    commune_name: str

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


def _fold(text: str) -> str:
    """Accents and case left out, for sorting and searching."""
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    ).casefold()


def _entries(people: QuerySet[Person]) -> list[Entry]:
    rows = (
        people.order_by()
        .values_list(
            "id",
            "last_name",
            "first_name",
            "company__name",
            "company__activity__section",
            "company__activity__section_label",
            "company__commune_id",
            "company__commune__name",
        )
        .distinct()
    )
    return sorted(
        Entry(
            (_fold(last), _fold(first), pk),
            pk,
            last,
            first,
            company or "",
            section or "",
            section_label or "",
            commune_id,
            commune or "",
        )
        for pk, last, first, company, section, section_label, commune_id, commune in rows
    )


def network_entries(*network_ids: int) -> list[Entry]:
    """The people of these networks who agreed to appear in the directory."""
    return _entries(
        Person.objects.filter(
            directory_consent=True,
            memberships__group__edition__territory__network_id__in=network_ids,
        )
    )


def territory_entries(*territory_ids: int) -> list[Entry]:
    """Everyone in these territories (what their staff see)."""
    return _entries(
        Person.objects.filter(memberships__group__edition__territory_id__in=territory_ids)
    )


def entries_for(user: Any) -> tuple[list[Entry], datetime.datetime | None]:
    """Everyone `user` may find in the directory, sorted by name, and when the prepared part
    was computed. Cached on the user for the request (the form and the page both need it)."""
    cached: tuple[list[Entry], datetime.datetime | None] | None = getattr(
        user, _CACHE_ATTRIBUTE, None
    )
    if cached is not None:
        return cached
    roles = roles_of(user)
    found: dict[int, Entry] = {}
    computed: list[datetime.datetime] = []
    parts = []
    if roles.member_network_ids:
        parts.append(
            prepared(network_entries, *sorted(roles.member_network_ids), max_age_seconds=MAX_AGE)
        )
    if roles.staff.territory_ids:
        parts.append(
            prepared(territory_entries, *sorted(roles.staff.territory_ids), max_age_seconds=MAX_AGE)
        )
    for part in parts:
        computed.append(part.computed_at)
        found.update((entry.id, entry) for entry in part.value)
    own = Q(pk=roles.person_id) if roles.person_id else Q(pk__in=[])
    if roles.group_ids:
        own |= Q(memberships__group_id__in=roles.group_ids)
    found.update((entry.id, entry) for entry in _entries(Person.objects.filter(own)))
    result = (sorted(found.values()), min(computed) if computed else None)
    setattr(user, _CACHE_ATTRIBUTE, result)
    return result


def sectors(user: Any) -> list[tuple[str, str]]:
    """NAF sections (letter, label) of the companies of the people the user may see."""
    entries, _computed_at = entries_for(user)
    return sorted({(e.section, e.section_label) for e in entries if e.section})


def communes(user: Any) -> list[tuple[int, str]]:
    """Communes (id, name) of the companies of the people the user may see."""
    entries, _computed_at = entries_for(user)
    found = {(e.commune_id, e.commune_name) for e in entries if e.commune_id is not None}
    return sorted(found, key=lambda commune: (_fold(commune[1]), commune[0] or 0))


def answers_from_entries(query: DirectoryQuery) -> bool:
    """Name, company, sector and commune are in the entries; edition and role are not."""
    return query.edition_id is None and not query.role


def search(user: Any, query: DirectoryQuery) -> list[Entry]:
    entries, _computed_at = entries_for(user)
    words = [_fold(word) for word in query.text.split()]
    return [
        entry
        for entry in entries
        if (not query.sector or entry.section == query.sector)
        and (query.commune_id is None or entry.commune_id == query.commune_id)
        and all(
            word in _fold(entry.first_name)
            or word in _fold(entry.last_name)
            or word in _fold(entry.company)
            for word in words
        )
    ]


def people_of_page(user: Any, ids: list[int]) -> list[Person]:
    """The people of a page, in its order, read again through `visible_people`."""
    people = {
        person.pk: person
        for person in visible_people(user)
        .filter(pk__in=ids)
        .select_related("company__activity", "company__commune")
        .prefetch_related(memberships_for_display())
    }
    return [people[pk] for pk in ids if pk in people]
