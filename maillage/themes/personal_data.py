"""What the themes app holds about a person (see `core.personal_data`): their wishes, votes,
after-meeting ratings and the themes they proposed.

Erasure deletes the wishes (free text about one's needs); votes stay, as the ballots' results
count them (the person behind them is renamed by the erasure of the Person); ratings keep their
usefulness, which the themes' figures count, and lose their comment and the thing to apply;
proposed themes and prepared ballots stay, as the catalogue's or the group's.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from maillage.core.personal_data import Erasure, Export, Holding, Subject, json_value, register
from maillage.themes.models import Ballot, MeetingRating, Theme, Vote, Wish


def export(subject: Subject) -> Export:
    data: Export = {}
    if subject.user_id is not None:
        data["ballots_prepared"] = [
            {
                "ballot": ballot.title,
                "group": ballot.group.name,
                "created_at": json_value(ballot.created_at),
            }
            for ballot in Ballot.objects.filter(created_by_id=subject.user_id)
            .select_related("group")
            .order_by("created_at", "pk")
        ]
    if subject.person_id is None:
        return {key: rows for key, rows in data.items() if rows}
    person_id = subject.person_id
    titles = dict(Theme.objects.values_list("pk", "title"))
    data |= {
        "theme_wishes": [
            {
                "group": wish.group.name,
                "theme": wish.theme.title if wish.theme else None,
                "text": wish.text,
                "created_at": json_value(wish.created_at),
            }
            for wish in Wish.objects.filter(person_id=person_id)
            .select_related("group", "theme")
            .order_by("created_at", "pk")
        ],
        "theme_votes": [
            {
                "ballot": vote.ballot.title,
                "group": vote.ballot.group.name,
                "ranking": [titles.get(int(i)) for i in vote.choice.get("ranking", [])],
                "approvals": [titles.get(int(i)) for i in vote.choice.get("approvals", [])],
                "dots": {titles.get(int(i)): n for i, n in vote.choice.get("dots", {}).items()},
                "updated_at": json_value(vote.updated_at),
            }
            for vote in Vote.objects.filter(person_id=person_id)
            .select_related("ballot__group")
            .order_by("cast_at", "pk")
        ],
        "meeting_ratings": [
            {
                "meeting": str(rating.meeting),
                "group": rating.meeting.group.name if rating.meeting.group else None,
                "starts_at": json_value(rating.meeting.starts_at),
                "usefulness": rating.usefulness,
                "comment": rating.comment,
                "to_apply": rating.to_apply,
            }
            for rating in MeetingRating.objects.filter(person_id=person_id)
            .select_related("meeting__group")
            .order_by("meeting__starts_at", "pk")
        ],
        "proposed_themes": [
            {
                "title": theme.title,
                "status": theme.status,
                "created_at": json_value(theme.created_at),
            }
            for theme in Theme.objects.filter(proposed_by_id=person_id).order_by("created_at")
        ],
    }
    return {key: rows for key, rows in data.items() if rows}


def erase(subject: Subject) -> None:
    if subject.person_id is None:
        return
    Wish.objects.filter(person_id=subject.person_id).delete()
    MeetingRating.objects.filter(person_id=subject.person_id).update(comment="", to_apply="")


register(
    "themes",
    holdings=[
        Holding(
            "themes.Wish",
            of_person="person",
            erasure=Erasure.DELETE,
            reason="the person's wishes for the programme, in their words",
        ),
        Holding(
            "themes.Vote",
            of_person="person",
            erasure=Erasure.KEEP,
            reason="kept: the ballot's result counts it",
        ),
        Holding(
            "themes.MeetingRating",
            of_person="person",
            erasure=Erasure.ANONYMISE,
            fields=("comment", "to_apply"),
            reason="the usefulness stays in the themes' figures; the person's words go",
        ),
        Holding(
            "themes.Ballot",
            of_user="created_by",
            erasure=Erasure.KEEP,
            reason="kept: the group's ballot, prepared by an account that erasure renames",
        ),
        Holding(
            "themes.Theme",
            of_person="proposed_by",
            erasure=Erasure.KEEP,
            reason="kept: the theme is the catalogue's or the group's",
        ),
    ],
    exporter=export,
    eraser=erase,
    titles={
        "theme_wishes": _("Souhaits de thèmes"),
        "theme_votes": _("Votes sur les thèmes"),
        "meeting_ratings": _("Avis après les rencontres"),
        "proposed_themes": _("Thèmes proposés"),
        "ballots_prepared": _("Scrutins que vous avez préparés"),
    },
)
