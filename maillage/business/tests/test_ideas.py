"""Ideas to put into practice: group-confidential, guarded transitions, a few taps to update."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from maillage.business import services
from maillage.business.models import Idea
from maillage.business.tests.conftest import person_of
from maillage.business.tests.factories import IdeaFactory
from maillage.editions.models import Group
from maillage.meetings.models import Meeting
from maillage.meetings.tests.factories import MeetingFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("members")]


@pytest.fixture
def idea(leader: Any, meeting: Meeting) -> Idea:
    return services.idea_add(meeting=meeting, title="Un entretien annuel en deux temps", by=leader)


def test_a_member_notes_an_idea_from_a_meeting_of_their_group(idea: Idea, leader: Any) -> None:
    assert idea.author == person_of(leader)
    assert idea.group_id == idea.meeting.group_id
    assert idea.status == Idea.Status.TO_TRY


def test_a_member_cannot_note_an_idea_from_another_groups_meeting(
    other_group_leader: Any, meeting: Meeting
) -> None:
    with pytest.raises(PermissionDenied):
        services.idea_add(meeting=meeting, title="Pas mon groupe", by=other_group_leader)


def test_staff_cannot_note_ideas(project_manager: Any, meeting: Meeting) -> None:
    with pytest.raises(PermissionDenied):
        services.idea_add(meeting=meeting, title="Staff", by=project_manager)


def test_an_idea_goes_from_to_try_to_tried_to_adopted(idea: Idea, leader: Any) -> None:
    services.idea_update(idea=idea, status=Idea.Status.TRIED, by=leader)
    idea = services.idea_update(
        idea=idea, status=Idea.Status.ADOPTED, result="Adopté en équipe", by=leader
    )
    assert idea.status == Idea.Status.ADOPTED
    assert idea.tried_on is not None
    assert idea.closed_on is not None
    assert idea.result == "Adopté en équipe"


def test_an_idea_may_be_dropped_before_it_is_tried(idea: Idea, leader: Any) -> None:
    idea = services.idea_update(idea=idea, status=Idea.Status.DROPPED, by=leader)
    assert idea.status == Idea.Status.DROPPED


def test_an_idea_cannot_be_adopted_before_it_is_tried(idea: Idea, leader: Any) -> None:
    with pytest.raises(ValidationError):
        services.idea_update(idea=idea, status=Idea.Status.ADOPTED, by=leader)
    assert Idea.objects.get(pk=idea.pk).status == Idea.Status.TO_TRY


def test_a_concluded_idea_cannot_move_again(idea: Idea, leader: Any) -> None:
    services.idea_update(idea=idea, status=Idea.Status.DROPPED, by=leader)
    with pytest.raises(ValidationError):
        services.idea_update(idea=idea, status=Idea.Status.TRIED, by=leader)


def test_a_facilitator_of_the_group_may_update_a_members_idea(idea: Idea, facilitator: Any) -> None:
    services.idea_update(idea=idea, status=Idea.Status.TRIED, by=facilitator)
    assert Idea.objects.get(pk=idea.pk).status == Idea.Status.TRIED


def test_another_member_of_the_group_cannot_update_the_idea(
    idea: Idea, meeting: Meeting, group: Group
) -> None:
    from conftest import member_user

    other = member_user(group, "leader", "neighbour@example.test")
    with pytest.raises(PermissionDenied):
        services.idea_update(idea=idea, status=Idea.Status.TRIED, by=other)


def test_updates_are_audited_without_the_content(idea: Idea, leader: Any) -> None:
    from maillage.core.models import AuditEntry

    services.idea_update(idea=idea, status=Idea.Status.TRIED, result="secret", by=leader)
    entry = AuditEntry.objects.get(action="business.idea.updated")
    assert entry.data == {"status_from": "to_try", "status_to": "tried"}


# Pages -------------------------------------------------------------------------------------------


def ideas_url(group: Group) -> str:
    return reverse("business:group_ideas", args=[group.pk])


@pytest.mark.parametrize("persona", ["leader", "facilitator"])
def test_the_groups_ideas_page_shows_its_ideas_to_the_group(
    client: Any, request: Any, idea: Idea, group: Group, persona: str
) -> None:
    client.force_login(request.getfixturevalue(persona))
    response = client.get(ideas_url(group))
    assert response.status_code == 200
    assert idea.title in response.content.decode()


@pytest.mark.parametrize("persona", ["project_manager", "network_admin"])
def test_staff_get_403_on_the_groups_ideas(
    client: Any, request: Any, idea: Idea, group: Group, persona: str
) -> None:
    client.force_login(request.getfixturevalue(persona))
    assert client.get(ideas_url(group)).status_code == 403
    assert client.get(reverse("business:idea", args=[idea.pk])).status_code == 403


@pytest.mark.parametrize("persona", ["other_group_leader", "alumnus", "outsider"])
def test_others_get_404_on_the_groups_ideas(
    client: Any, request: Any, idea: Idea, group: Group, persona: str
) -> None:
    client.force_login(request.getfixturevalue(persona))
    assert client.get(ideas_url(group)).status_code == 404
    assert client.get(reverse("business:idea", args=[idea.pk])).status_code == 404


def test_a_member_notes_an_idea_on_the_page(
    client: Any, leader: Any, group: Group, meeting: Meeting
) -> None:
    client.force_login(leader)
    response = client.post(
        ideas_url(group), {"meeting": meeting.pk, "title": "Tableau de bord hebdomadaire"}
    )
    assert response.status_code == 302
    assert Idea.objects.get().title == "Tableau de bord hebdomadaire"


def test_one_tap_moves_the_idea_on_with_htmx(client: Any, leader: Any, idea: Idea) -> None:
    client.force_login(leader)
    response = client.post(
        reverse("business:idea", args=[idea.pk]),
        {"status": "tried", "result": "Essayé avec deux salariés"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert f'id="idea-{idea.pk}"' in response.content.decode()
    assert Idea.objects.get(pk=idea.pk).status == Idea.Status.TRIED


def test_the_ideas_own_page_is_headed_by_its_title_after_a_move_too(
    client: Any, leader: Any, idea: Idea
) -> None:
    client.force_login(leader)
    url = reverse("business:idea", args=[idea.pk])
    heading = f"<h1>{idea.title}</h1>"
    assert heading in client.get(url).content.decode()
    card = client.post(url, {"status": "tried", "on_page": "1"}, headers={"HX-Request": "true"})
    assert heading in card.content.decode()
    on_the_list = client.post(url, {"status": "adopted"}, headers={"HX-Request": "true"})
    assert "<h1>" not in on_the_list.content.decode()


def test_the_update_works_without_javascript(client: Any, leader: Any, idea: Idea) -> None:
    client.force_login(leader)
    response = client.post(reverse("business:idea", args=[idea.pk]), {"status": "dropped"})
    assert response.status_code == 302
    assert response["Location"] == reverse("business:group_ideas", args=[idea.group_id])


def test_the_update_does_not_follow_an_outside_next(client: Any, leader: Any, idea: Idea) -> None:
    client.force_login(leader)
    response = client.post(
        reverse("business:idea", args=[idea.pk]),
        {"status": "tried", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("business:group_ideas", args=[idea.group_id])


def test_a_wrong_move_is_refused_on_the_page(client: Any, leader: Any, idea: Idea) -> None:
    client.force_login(leader)
    response = client.post(
        reverse("business:idea", args=[idea.pk]),
        {"status": "adopted"},
        headers={"HX-Request": "true"},
    )
    assert "errorlist" in response.content.decode()
    assert Idea.objects.get(pk=idea.pk).status == Idea.Status.TO_TRY


# The follow-up agenda item -----------------------------------------------------------------------


def test_the_next_meeting_lists_the_groups_open_ideas(
    client: Any, facilitator: Any, idea: Idea, group: Group
) -> None:
    from maillage.meetings.tests.factories import MeetingFactory

    IdeaFactory(meeting=idea.meeting, author=idea.author, title="Déjà adoptée", status="adopted")
    next_meeting = MeetingFactory(
        group=group,
        number=3,
        status=Meeting.Status.PLANNED,
        starts_at=timezone.now() + datetime.timedelta(days=20),
    )
    client.force_login(facilitator)
    page = client.get(reverse("meetings:meeting", args=[next_meeting.pk])).content.decode()
    assert idea.title in page
    assert "Déjà adoptée" not in page


def test_staff_see_how_many_ideas_are_followed_up_not_what_they_say(
    client: Any, project_manager: Any, idea: Idea, group: Group
) -> None:
    from maillage.meetings.tests.factories import MeetingFactory

    next_meeting = MeetingFactory(
        group=group,
        number=3,
        status=Meeting.Status.PLANNED,
        starts_at=timezone.now() + datetime.timedelta(days=20),
    )
    client.force_login(project_manager)
    page = client.get(reverse("meetings:meeting", args=[next_meeting.pk])).content.decode()
    assert idea.title not in page
    assert "1 idée en cours" in page


# API ---------------------------------------------------------------------------------------------


def test_the_api_lists_only_the_callers_groups_ideas(
    api: Any, idea: Idea, other_group_leader: Any, leader: Any, other_group: Group
) -> None:
    from maillage.meetings.tests.factories import MeetingFactory

    other_meeting = MeetingFactory(group=other_group)
    services.idea_add(meeting=other_meeting, title="Chez les voisins", by=other_group_leader)
    body = api(leader).get("/ideas").json()
    assert body["count"] == 1
    assert [item["title"] for item in body["items"]] == [idea.title]


@pytest.mark.parametrize("persona", ["project_manager", "outsider", "alumnus"])
def test_the_api_lists_no_idea_to_staff_or_others(
    api: Any, request: Any, idea: Idea, persona: str
) -> None:
    assert api(request.getfixturevalue(persona)).get("/ideas").json() == {"items": [], "count": 0}


def test_the_api_creates_and_moves_an_idea(api: Any, leader: Any, meeting: Meeting) -> None:
    client = api(leader)
    created = client.post("/ideas", {"meeting_id": meeting.pk, "title": "Rituel du lundi"})
    assert created.status_code == 201
    idea_id = created.json()["id"]
    assert client.patch(f"/ideas/{idea_id}", {"status": "tried"}).json()["status"] == "tried"
    refused = client.patch(f"/ideas/{idea_id}", {"status": "to_try"})
    assert refused.status_code == 400
    assert "detail" in refused.json()


def test_the_api_refuses_an_idea_to_staff_with_403(
    api: Any, project_manager: Any, meeting: Meeting
) -> None:
    response = api(project_manager).post("/ideas", {"meeting_id": meeting.pk, "title": "x"})
    assert response.status_code == 403


def test_an_idea_comes_from_a_meeting_that_took_place(leader: Any, group: Group) -> None:
    """Not from a meeting still to come, nor from a cancelled one."""
    later = MeetingFactory(
        group=group, number=5, starts_at=timezone.now() + datetime.timedelta(days=20)
    )
    later.status = Meeting.Status.PLANNED
    later.save(update_fields=["status"])
    cancelled = MeetingFactory(group=group, number=3, status=Meeting.Status.CANCELLED)
    for meeting in (later, cancelled):
        with pytest.raises(ValidationError) as error:
            services.idea_add(meeting=meeting, title="Trop tôt", by=leader)
        assert error.value.code == "meeting"
    assert not Idea.objects.exists()


def test_the_api_refuses_an_idea_from_a_meeting_to_come(
    api: Any, leader: Any, group: Group
) -> None:
    later = MeetingFactory(
        group=group,
        number=5,
        starts_at=timezone.now() + datetime.timedelta(days=20),
        status=Meeting.Status.PLANNED,
    )
    response = api(leader).post("/ideas", {"meeting_id": later.pk, "title": "Trop tôt"})
    assert response.status_code == 400
    assert "rencontre" in response.json()["detail"]


def test_the_page_offers_no_cancelled_meeting(client: Any, leader: Any, group: Group) -> None:
    cancelled = MeetingFactory(group=group, number=3, status=Meeting.Status.CANCELLED)
    client.force_login(leader)
    page = client.get(reverse("business:group_ideas", args=[group.pk]))
    assert cancelled.pk not in [m.pk for m in page.context["form"].fields["meeting"].queryset]


@pytest.mark.parametrize("day", ["0001-01-01", "1999-12-31", "2200-01-01", "9999-12-31"])
def test_the_api_refuses_a_follow_up_day_out_of_range(
    api: Any, leader: Any, meeting: Meeting, idea: Idea, day: str
) -> None:
    """Year 1 or 9999 is a typing slip: a clear 400 on the add and the update, nothing saved."""
    client = api(leader)
    added = client.post(
        "/ideas", {"meeting_id": meeting.pk, "title": "Revoir", "follow_up_on": day}
    )
    assert added.status_code == 400
    assert "2000" in added.json()["detail"]
    updated = client.patch(f"/ideas/{idea.pk}", {"follow_up_on": day})
    assert updated.status_code == 400
    idea.refresh_from_db()
    assert idea.follow_up_on is None
    assert Idea.objects.count() == 1


def test_the_meeting_page_offers_to_note_an_idea_once_the_meeting_began(
    client: Any, leader: Any, group: Group, meeting: Meeting
) -> None:
    later = MeetingFactory(
        group=group,
        number=5,
        starts_at=timezone.now() + datetime.timedelta(days=20),
        status=Meeting.Status.PLANNED,
    )
    client.force_login(leader)
    link = "Noter une idée de cette rencontre"
    assert link in client.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert link not in client.get(reverse("meetings:meeting", args=[later.pk])).content.decode()


def test_a_wrong_follow_up_day_is_said_not_dropped(client: Any, leader: Any, idea: Idea) -> None:
    """The card's small form has no room beside its fields: the field's error is shown with
    its label, with htmx and without."""
    leader.language = "en"
    leader.save(update_fields=["language"])
    client.force_login(leader)
    url = reverse("business:idea", args=[idea.pk])
    card = client.post(url, {"follow_up_on": "31/02/2027"}, headers={"HX-Request": "true"})
    assert "Review on: Enter a valid date." in card.content.decode()
    page = client.post(url, {"follow_up_on": "31/02/2027"}, follow=True)
    assert "Review on: Enter a valid date." in page.content.decode()
    idea.refresh_from_db()
    assert idea.follow_up_on is None
