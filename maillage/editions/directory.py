"""The directory at the scale of a national network: who one may see, prepared in the background.

A member sees, beyond their own groups, every person of their network who agreed to appear in
the directory; staff see everyone in their territories. On a national network that is thousands
of people, and counting, sorting and listing their sectors and communes on each request would
read the whole people and membership tables. The bulk of the list is therefore prepared in the
background (`core.prepared`, refreshed every two minutes):

- `network_part`: the consenting people of a network;
- `territory_part`: everyone in some territories (staff);

and only the small part that is the user's own (themselves, their groups) is read live. The page
searches, filters, counts and cuts the page out of these entries, then reads the 25 people of the
page again and checks each against `visible_people`'s rule (`may_see`, kept equal to it by a
test): someone who withdrew their consent or left since the last preparation is never shown
(the count may be off by one until the next preparation).

Filters by edition or role need the memberships of every person: they take the live query
(`selectors.directory_people`).
"""

from __future__ import annotations

import bisect
import datetime
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db.models import QuerySet

from maillage.core.prepared import prepared
from maillage.editions.models import Membership
from maillage.editions.permissions import Roles, roles_of
from maillage.editions.selectors import DirectoryQuery, memberships_for_display
from maillage.territories.models import Person

_CACHE_ATTRIBUTE = "_maillage_directory"
# A newcomer appears in others' directories within about two minutes.
MAX_AGE = 120


class Entry(NamedTuple):
    sort_key: tuple[str, str, int]
    id: int
    first_name: str
    last_name: str
    haystack: str  # names and company, folded: what a search looks in
    section: str
    section_label: str
    commune_id: int | None
    commune_name: str

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class Part:
    """People one may see, sorted, with their ids, sectors and communes (filter choices, sorted
    too)."""

    entries: list[Entry]
    ids: frozenset[int]
    sectors: list[tuple[str, str]]
    communes: list[tuple[int, str]]


@dataclass(frozen=True)
class Directory:
    entries: list[Entry]
    sectors: list[tuple[str, str]]
    communes: list[tuple[int, str]]
    computed_at: datetime.datetime | None


def _fold(text: str) -> str:
    """Accents and case left out, for sorting and searching."""
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    ).casefold()


def _part(people: QuerySet[Person]) -> Part:
    rows = (
        people.order_by()
        .values_list(
            "id",
            "first_name",
            "last_name",
            "company__name",
            "company__activity__section",
            "company__activity__section_label",
            "company__commune_id",
            "company__commune__name",
        )
        .distinct()
    )
    entries = sorted(
        Entry(
            (_fold(last), _fold(first), pk),
            pk,
            first,
            last,
            _fold(f"{first} {last} {company or ''}"),
            section or "",
            section_label or "",
            commune_id,
            commune or "",
        )
        for pk, first, last, company, section, section_label, commune_id, commune in rows
    )
    return Part(
        entries,
        frozenset(e.id for e in entries),
        _sorted_sectors({(e.section, e.section_label) for e in entries if e.section}),
        _sorted_communes(
            {(e.commune_id, e.commune_name) for e in entries if e.commune_id is not None}
        ),
    )


def _sorted_sectors(sectors: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return sorted(sectors)


def _sorted_communes(communes: Iterable[tuple[int, str]]) -> list[tuple[int, str]]:
    return sorted(communes, key=lambda commune: (_fold(commune[1]), commune[0]))


def network_part(*network_ids: int) -> Part:
    """The people of these networks who agreed to appear in the directory."""
    return _part(
        Person.objects.filter(
            directory_consent=True,
            memberships__group__edition__territory__network_id__in=network_ids,
        )
    )


def territory_part(*territory_ids: int) -> Part:
    """Everyone in these territories (what their staff see)."""
    return _part(Person.objects.filter(memberships__group__edition__territory_id__in=territory_ids))


SUGGESTED_COMMUNES = 80  # beyond, the page would grow with the network: typing finds them


def directory_for(user: Any) -> Directory:
    """Everyone `user` may find in the directory, sorted by name, the filter choices, and when
    the prepared part was computed. Kept on the user for the request (form and page)."""
    cached: Directory | None = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    roles = roles_of(user)
    parts: list[Part] = []
    computed: list[datetime.datetime] = []
    if roles.member_network_ids:
        figures = prepared(network_part, *sorted(roles.member_network_ids), max_age_seconds=MAX_AGE)
        parts.append(figures.value)
        computed.append(figures.computed_at)
    if roles.staff.territory_ids:
        figures = prepared(
            territory_part, *sorted(roles.staff.territory_ids), max_age_seconds=MAX_AGE
        )
        parts.append(figures.value)
        computed.append(figures.computed_at)
    own_ids = set(
        Membership.objects.filter(group_id__in=roles.group_ids).values_list("person_id", flat=True)
    )
    if roles.person_id:
        own_ids.add(roles.person_id)
    parts.append(_part(Person.objects.filter(pk__in=own_ids)))
    # The largest part is taken as it is (never modified: it is shared); the others merged in.
    parts.sort(key=lambda part: -len(part.entries))
    entries, seen = parts[0].entries, parts[0].ids
    for part in parts[1:]:
        missing = [entry for entry in part.entries if entry.id not in seen]
        if missing:
            entries = list(entries)
            for entry in missing:
                bisect.insort(entries, entry)
            seen = seen | {entry.id for entry in missing}
    # Most often the smaller parts add no sector or commune: the largest part's lists serve.
    sectors, communes = parts[0].sectors, parts[0].communes
    extra_sectors = {s for part in parts[1:] for s in part.sectors} - set(sectors)
    if extra_sectors:
        sectors = _sorted_sectors({*sectors, *extra_sectors})
    extra_communes = {c for part in parts[1:] for c in part.communes} - set(communes)
    if extra_communes:
        communes = _sorted_communes({*communes, *extra_communes})
    directory = Directory(entries, sectors, communes, min(computed) if computed else None)
    setattr(user, _CACHE_ATTRIBUTE, directory)
    return directory


def communes_matching(user: Any, text: str) -> frozenset[int]:
    """The communes of the user's directory whose name contains `text`, accents and case
    aside ("st etienne" finds Saint-Étienne): the filter is typed, not picked from a list that
    a national network would make thousands long."""
    wanted = _commune_key(text)
    if not wanted:
        return frozenset()
    return frozenset(
        pk for pk, name in directory_for(user).communes if wanted in _commune_key(name)
    )


def _commune_key(name: str) -> str:
    words = _fold(name).replace("-", " ").replace("'", " ").split()
    short = {"saint": "st", "sainte": "ste"}
    return " ".join(short.get(word, word) for word in words)


def commune_suggestions(user: Any) -> list[str]:
    """The commune names offered as the user types, when there are few enough to list."""
    communes = directory_for(user).communes
    return [name for _pk, name in communes] if len(communes) <= SUGGESTED_COMMUNES else []


def answers_from_entries(query: DirectoryQuery) -> bool:
    """Name, company, sector and commune are in the entries; territory, edition and role are
    not."""
    return query.territory_id is None and query.edition_id is None and not query.role


def search(user: Any, query: DirectoryQuery) -> list[Entry]:
    entries = directory_for(user).entries
    if query == DirectoryQuery():
        return entries
    words = [_fold(word) for word in query.text.split()]
    return [
        entry
        for entry in entries
        if (not query.sector or entry.section == query.sector)
        and (query.commune_ids is None or entry.commune_id in query.commune_ids)
        and all(word in entry.haystack for word in words)
    ]


def may_see(roles: Roles, person: Person) -> bool:
    """`visible_people`'s rule for one person whose memberships (with group, edition and
    territory) are prefetched: themselves, the members of their groups; staff: everyone in their
    territories; members: the people of their network who agreed to appear in the directory."""
    memberships = list(person.memberships.all())
    return (
        person.pk == roles.person_id
        or any(m.group_id in roles.group_ids for m in memberships)
        or any(m.group.edition.territory_id in roles.staff.territory_ids for m in memberships)
        or (
            person.directory_consent
            and any(
                m.group.edition.territory.network_id in roles.member_network_ids
                for m in memberships
            )
        )
    )


def people_of_page(user: Any, ids: list[int]) -> list[Person]:
    """The people of a page, in its order, read again and checked against `may_see`: someone
    who left or withdrew their consent since the entries were prepared is not shown."""
    roles = roles_of(user)
    people = {
        person.pk: person
        for person in Person.objects.filter(pk__in=ids)
        .select_related("company__activity", "company__commune")
        .prefetch_related(memberships_for_display())
    }
    return [people[pk] for pk in ids if pk in people and may_see(roles, people[pk])]
