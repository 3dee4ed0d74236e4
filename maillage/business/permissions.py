"""Who may see and change ideas, contacts, referrals and offers. Fetch and authorise in one call.

- Ideas are group content: the group's members and facilitators (alumni included) read them;
  staff of the territory get 403, everyone else 404. The author and the group's facilitators
  update one; another member of the group gets 403.
- A contact or a referral is its two parties' only: anyone else, staff included, gets 404.
  Only the other side confirms a contact (the author gets 403); only B (the referee) updates a
  referral and thanks A (A gets 403).
- Logging a contact, giving a referral, noting an idea, writing one's offers and needs: members
  and alumni only (a person with a group); others get 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from maillage.business.models import Contact, Idea, Referral
from maillage.editions.charter import require_charter
from maillage.editions.permissions import get_group_for_user, roles_of, visible_people
from maillage.territories.models import Person


def member_person(user: Any) -> Person:
    """The user's person, if they are a member or an alumnus; else 403."""
    roles = roles_of(user)
    if roles.person_id is None or not roles.is_member:
        raise PermissionDenied
    return Person.objects.select_related("company").get(pk=roles.person_id)


def get_visible_person(user: Any, person_id: int) -> Person:
    """Another person the user may see (the directory's rule); else 404."""
    person = visible_people(user).filter(pk=person_id).select_related("company").first()
    if person is None:
        raise Http404
    return person


def can_update_idea(user: Any, idea: Idea) -> bool:
    roles = roles_of(user)
    return idea.author_id == roles.person_id or idea.group_id in roles.facilitated_group_ids


def get_idea_for_user(user: Any, idea_id: int, *, write: bool = False) -> Idea:
    idea = (
        Idea.objects.select_related("meeting", "author", "group__edition__territory")
        .filter(pk=idea_id)
        .first()
    )
    if idea is None:
        raise Http404
    group = get_group_for_user(user, idea.group_id, content=True)
    require_charter(user, group)
    if write and not can_update_idea(user, idea):
        raise PermissionDenied
    return idea


def get_contact_for_user(user: Any, contact_id: int, *, confirm: bool = False) -> Contact:
    """A contact of which the user is a party; with `confirm`, only its other side may."""
    person_id = roles_of(user).person_id
    contact = (
        Contact.objects.select_related("author__company", "other__company")
        .filter(pk=contact_id)
        .first()
    )
    if (
        contact is None
        or person_id is None
        or person_id not in (contact.author_id, contact.other_id)
    ):
        raise Http404
    if confirm and contact.other_id != person_id:
        raise PermissionDenied
    return contact


def get_referral_for_user(user: Any, referral_id: int, *, as_referee: bool = False) -> Referral:
    """A referral of which the user is A or B; with `as_referee`, only B may."""
    person_id = roles_of(user).person_id
    referral = (
        Referral.objects.select_related("referrer__company", "referee__company")
        .filter(pk=referral_id)
        .first()
    )
    if (
        referral is None
        or person_id is None
        or person_id not in (referral.referrer_id, referral.referee_id)
    ):
        raise Http404
    if as_referee and referral.referee_id != person_id:
        raise PermissionDenied
    return referral
