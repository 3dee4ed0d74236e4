"""The role × URL matrix: every page and every API operation, for every role.

The URL patterns come from the resolver and the API operations from the OpenAPI schema, so a
new URL that is not in a table below fails `test_every_page_is_in_the_matrix` (or its API twin):
decide who may see it, and write it down here.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from config.api import api as ninja_api
from maillage.business.tests.factories import ContactFactory, IdeaFactory, ReferralFactory
from maillage.editions.charter import CHARTER_VERSION
from maillage.editions.models import CharterAcceptance, Group, Membership
from maillage.meetings.models import Meeting
from maillage.meetings.tests.factories import MeetingFactory
from maillage.territories.models import Person
from maillage.themes.catalogue import starter_catalogue_load
from maillage.themes.services import ballot_create

ROLES = [
    "anonymous",
    "outsider",
    "network_admin",
    "project_manager",
    "other_project_manager",
    "facilitator",
    "leader",
    "other_group_leader",
    "alumnus",
]
INSIDERS = ["network_admin", "project_manager", "facilitator", "leader", "other_group_leader"]


def expect(default: int, *, anonymous: int = 302, **by_role: int) -> dict[str, int]:
    table = dict.fromkeys(ROLES, default)
    table["anonymous"] = anonymous
    table.update(by_role)
    return table


EVERYONE = expect(200)
TERRITORY = expect(404, **dict.fromkeys([*INSIDERS, "alumnus"], 200))
GROUP = expect(404, network_admin=200, project_manager=200, facilitator=200, leader=200)
# A member of `group` who did not agree to appear beyond it.
PRIVATE_PERSON = GROUP
# Staff of the territory (its project manager, its network's admins); staff of any territory.
TERRITORY_STAFF = expect(404, network_admin=200, project_manager=200)
STAFF = expect(404, network_admin=200, project_manager=200, other_project_manager=200)

# Inside `group`: its members (CONTENT, staff 403), its facilitators, its managers.
GROUP_CONTENT = expect(404, network_admin=403, project_manager=403, facilitator=200, leader=200)
GROUP_FACILITATORS = expect(
    404, network_admin=403, project_manager=403, facilitator=200, leader=403
)
GROUP_MANAGERS = expect(404, network_admin=200, project_manager=200, facilitator=200, leader=403)
# Pages of one's own person (members and alumni have one; staff and the outsider do not).
OWN_PERSON = expect(404, facilitator=200, leader=200, other_group_leader=200, alumnus=200)
# Anyone of the network (the themes' catalogue); its curators (network admins, project managers).
NETWORK = expect(200, outsider=404)
CURATORS = expect(
    403, outsider=404, network_admin=200, project_manager=200, other_project_manager=200
)

# Members and alumni (they have a person and a group); staff and the outsider get 403.
MEMBERS = expect(403, facilitator=200, leader=200, other_group_leader=200, alumnus=200)
# The world's contact and referral are between `other_group_leader` (A) and `leader` (B).
PARTIES = expect(404, leader=200, other_group_leader=200)

# Recruitment and formation: staff of the territory; its members and alumni 403, others 404.
RECRUITMENT = expect(
    404,
    network_admin=200,
    project_manager=200,
    facilitator=403,
    leader=403,
    other_group_leader=403,
    alumnus=403,
)

# URL name → expected status of a GET for each role.
PAGES: dict[str, dict[str, int]] = {
    "home": EVERYONE,
    "editions:directory": expect(200, outsider=200),
    "editions:person": PRIVATE_PERSON,
    "editions:company": PRIVATE_PERSON,
    # The company's logo follows its page; its people and the territory's staff change it (the
    # world's company is a private member's: the group sees it, without being its people).
    "editions:company_logo": PRIVATE_PERSON,
    "editions:company_edit": expect(
        404, network_admin=200, project_manager=200, facilitator=403, leader=403
    ),
    "meetings:group": GROUP,
    "meetings:meeting": GROUP,
    "meetings:rsvp": expect(405),  # POST only
    "meetings:attendance": GROUP_FACILITATORS,
    "meetings:attendance_sheet": GROUP_MANAGERS,
    "meetings:minutes": GROUP_CONTENT,
    "meetings:run": GROUP_CONTENT,
    "meetings:agenda": GROUP_FACILITATORS,
    "meetings:change": GROUP_MANAGERS,
    # A meeting's documents are the group's content, downloaded one by one.
    "meetings:documents": GROUP_CONTENT,
    "meetings:document": GROUP_CONTENT,
    "meetings:document_remove": expect(405),  # POST only
    "meetings:calendar": GROUP,
    "meetings:schedule": GROUP_MANAGERS,
    "meetings:my_calendar": OWN_PERSON,
    "meetings:experts": TERRITORY,
    "themes:catalogue": EVERYONE,  # the outsider sees an empty catalogue
    "themes:create": CURATORS,
    "themes:theme": NETWORK,
    "themes:edit": CURATORS,
    "themes:programme": GROUP_CONTENT,
    "themes:ballot_create": GROUP_FACILITATORS,
    "themes:ballot": GROUP_CONTENT,
    "themes:ballot_edit": GROUP_FACILITATORS,  # an open ballot: the page says why it is fixed
    "themes:ballot_apply": GROUP_FACILITATORS,  # not closed yet: the page says so
    "themes:rating": GROUP_CONTENT,  # a planned meeting: the page says it is rated once held
    "business:exchanges": EVERYONE,  # non-members see an empty page
    "business:contacts": EVERYONE,
    "business:contact_new": MEMBERS,
    "business:contact_confirm": expect(405),  # POST only
    "business:referrals": EVERYONE,
    "business:referral_new": MEMBERS,
    "business:referral": PARTIES,
    "business:referral_thank": expect(405),  # POST only
    "business:offers_needs": MEMBERS,
    "business:group_ideas": GROUP_CONTENT,
    "business:idea": GROUP_CONTENT,
    "business:group_network": GROUP,
    "business:edition_network": TERRITORY,
    "business:territory_network": TERRITORY,
    "surveys:territory": TERRITORY_STAFF,
    "surveys:create": TERRITORY_STAFF,
    "surveys:questions": TERRITORY_STAFF,
    "surveys:survey": TERRITORY_STAFF,
    "surveys:send": expect(405),  # POST only
    "surveys:remind": expect(405),  # POST only
    "surveys:quote": expect(405),  # POST only
    "surveys:question_withdraw": expect(405),  # POST only
    # The world's survey is for the edition's leaders: each answers their own invitation.
    "surveys:respond": expect(404, leader=200, other_group_leader=200),
    "editions:applications": RECRUITMENT,
    "editions:applications_import": RECRUITMENT,
    "editions:application": RECRUITMENT,
    "editions:recruitment_settings": RECRUITMENT,
    "editions:history_import": RECRUITMENT,
    "editions:formation": RECRUITMENT,  # the world's edition runs: the page says why not
    "editions:formation_change": {**RECRUITMENT, "network_admin": 405, "project_manager": 405},
    "editions:formation_publish": RECRUITMENT,
    "reports:territory": TERRITORY,
    "reports:edition": TERRITORY,
    # The bilan: a group's for the group and staff; an edition's and a territory's as the
    # territory; the network's for its admins. Exports follow their page.
    "reports:group_bilan": GROUP,
    "reports:group_bilan_export": GROUP,
    "reports:edition_bilan": TERRITORY,
    "reports:edition_bilan_export": TERRITORY,
    "reports:territory_bilan": TERRITORY,
    "reports:territory_bilan_export": TERRITORY,
    "reports:network_bilan": expect(404, network_admin=200),
    "reports:network_bilan_export": expect(404, network_admin=200),
    # Evidence: the staff's list; one's own; a certificate (the world's person has no account:
    # staff only) and a facilitator's statement (the facilitator and staff).
    "reports:edition_evidence": TERRITORY_STAFF,
    "reports:my_evidence": OWN_PERSON,
    "reports:certificate": TERRITORY_STAFF,
    "reports:statement": expect(404, network_admin=200, project_manager=200, facilitator=200),
    "privacy:my_data": EVERYONE,
    "privacy:my_data_download": EVERYONE,
    "privacy:consents": EVERYONE,
    "privacy:erase": EVERYONE,
    "privacy:charter": GROUP,
    "privacy:trail_index": STAFF,
    "privacy:territory_trail": TERRITORY_STAFF,
    # One's own account security; the forms that change it are POST only.
    "accounts:security": EVERYONE,
    "accounts:two_factor_setup": EVERYONE,
    "accounts:password_change": EVERYONE,
    "accounts:recovery_codes_renew": expect(405),  # POST only
    "accounts:two_factor_disable": expect(405),  # POST only
    "accounts:logout_everywhere": expect(405),  # POST only
    # Invitations are sent by staff of the territory; its members get 403, others 404.
    "editions:invite_to_group": expect(
        404, network_admin=200, project_manager=200, facilitator=403, leader=403
    ),
    "editions:invite_project_manager": expect(
        404,
        network_admin=200,
        project_manager=200,
        facilitator=403,
        leader=403,
        other_group_leader=403,
        alumnus=403,
    ),
}

# Pages anyone may open (login and its steps); only checked for a non-5xx answer.
PUBLIC_PAGES = {
    "set_language",
    "accounts:login",
    "accounts:magic_link_request",
    "accounts:magic_link_sent",
    "accounts:magic_link",
    "accounts:logout",
    "meetings:feed",  # the secret in the URL is the key; a wrong one answers 404
    "surveys:answer",  # the emailed link: its secret is the key; a wrong one answers 404
    "editions:apply",  # the public application form (the world's edition no longer recruits)
    "editions:apply_thanks",
    # The steps of a login (they need a first factor in the session, else send to the login),
    # the admin's login (ours), and the emailed invitation (its secret is the key).
    "accounts:second_factor",
    "accounts:two_factor_setup_at_login",
    "admin_login",
    "editions:invitation",
}

# (method, path) → expected status per role, and the JSON body sent for writes.
API: dict[tuple[str, str], dict[str, int]] = {
    ("GET", "/api/v1/territories"): expect(200, anonymous=401),
    ("GET", "/api/v1/territories/{slug}"): {**TERRITORY, "anonymous": 401},
    ("GET", "/api/v1/territories/{slug}/report"): {**TERRITORY, "anonymous": 401},
    ("GET", "/api/v1/editions/{edition_id}/report"): {**TERRITORY, "anonymous": 401},
    ("GET", "/api/v1/groups/{group_id}/report"): {**GROUP, "anonymous": 401},
    ("GET", "/api/v1/editions/{edition_id}"): {**TERRITORY, "anonymous": 401},
    ("GET", "/api/v1/groups/{group_id}"): {**GROUP, "anonymous": 401},
    ("GET", "/api/v1/me"): expect(200, anonymous=401),
    ("GET", "/api/v1/groups/{group_id}/meetings"): {**GROUP, "anonymous": 401},
    ("GET", "/api/v1/meetings/{meeting_id}"): {**GROUP, "anonymous": 401},
    ("GET", "/api/v1/meetings/{meeting_id}/attendance"): {**GROUP, "anonymous": 401},
    ("PUT", "/api/v1/meetings/{meeting_id}/attendance"): {**GROUP_FACILITATORS, "anonymous": 401},
    ("GET", "/api/v1/meetings/{meeting_id}/minutes"): {**GROUP_CONTENT, "anonymous": 401},
    ("PUT", "/api/v1/meetings/{meeting_id}/minutes"): {
        **GROUP_CONTENT,
        "leader": 403,
        "anonymous": 401,
    },
    ("GET", "/api/v1/me/calendar.ics"): {**OWN_PERSON, "anonymous": 401},
    ("GET", "/api/v1/themes"): expect(200, anonymous=401),
    ("GET", "/api/v1/themes/{theme_id}/ratings"): {**NETWORK, "anonymous": 401},
    ("GET", "/api/v1/groups/{group_id}/ballots"): {**GROUP_CONTENT, "anonymous": 401},
    ("GET", "/api/v1/ballots/{ballot_id}"): {**GROUP_CONTENT, "anonymous": 401},
    ("PUT", "/api/v1/ballots/{ballot_id}/vote"): {**GROUP_CONTENT, "anonymous": 401},
    ("GET", "/api/v1/meetings/{meeting_id}/rating"): {**GROUP_CONTENT, "anonymous": 401},
    # The world's meeting is still planned: nobody attended it yet.
    ("PUT", "/api/v1/meetings/{meeting_id}/rating"): {
        **GROUP_CONTENT,
        "facilitator": 403,
        "leader": 403,
        "anonymous": 401,
    },
    ("GET", "/api/v1/ideas"): expect(200, anonymous=401),
    ("POST", "/api/v1/ideas"): {
        **GROUP_CONTENT,
        "facilitator": 201,
        "leader": 201,
        "anonymous": 401,
    },
    ("PATCH", "/api/v1/ideas/{idea_id}"): {**GROUP_CONTENT, "anonymous": 401},
    ("GET", "/api/v1/contacts"): expect(200, anonymous=401),
    # Naming `person_id`, a member of `group` who keeps out of the directory: only her group
    # may name her (others 404); non-members may not log contacts (403).
    ("POST", "/api/v1/contacts"): expect(
        403, facilitator=201, leader=201, other_group_leader=404, alumnus=404, anonymous=401
    ),
    ("POST", "/api/v1/contacts/{contact_id}/confirm"): expect(
        404, leader=200, other_group_leader=403, anonymous=401
    ),
    ("GET", "/api/v1/referrals"): expect(200, anonymous=401),
    ("POST", "/api/v1/referrals"): expect(
        403, facilitator=201, leader=201, other_group_leader=404, alumnus=404, anonymous=401
    ),
    ("PATCH", "/api/v1/referrals/{referral_id}"): expect(
        404, leader=200, other_group_leader=403, anonymous=401
    ),
    ("GET", "/api/v1/me/suggestions"): {**MEMBERS, "anonymous": 401},
    ("GET", "/api/v1/groups/{group_id}/network"): {**GROUP, "anonymous": 401},
    ("GET", "/api/v1/editions/{edition_id}/applications"): {**RECRUITMENT, "anonymous": 401},
    # The body's commune is unknown: staff get 400 with the reason.
    ("POST", "/api/v1/editions/{edition_id}/applications"): {
        **RECRUITMENT,
        "network_admin": 400,
        "project_manager": 400,
        "anonymous": 401,
    },
    ("POST", "/api/v1/applications/{application_id}/decision"): {
        **RECRUITMENT,
        "anonymous": 401,
    },
    # The world's edition runs: its groups are formed (400 for staff).
    ("POST", "/api/v1/editions/{edition_id}/formation-runs"): {
        **RECRUITMENT,
        "network_admin": 400,
        "project_manager": 400,
        "anonymous": 401,
    },
    ("GET", "/api/v1/formation-runs/{run_id}"): {**RECRUITMENT, "anonymous": 401},
}
# Operations outside the matrix, with the reason.
API_EXEMPT = {
    ("POST", "/api/v1/auth/token"): "public: exchanges credentials for a token",
    ("DELETE", "/api/v1/auth/token"): "revokes the caller's own token (tested in accounts)",
}
API_BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("PUT", "/api/v1/meetings/{meeting_id}/attendance"): {"entries": []},
    ("PUT", "/api/v1/meetings/{meeting_id}/minutes"): {"text": "Compte rendu."},
    ("PUT", "/api/v1/ballots/{ballot_id}/vote"): {"ranking": []},
    ("PUT", "/api/v1/meetings/{meeting_id}/rating"): {"usefulness": 4},
    # "{x}" in a body is the world's value x.
    ("POST", "/api/v1/ideas"): {"meeting_id": "{held_meeting_id}", "title": "Un rituel"},
    ("PATCH", "/api/v1/ideas/{idea_id}"): {"result": "Essayé deux fois."},
    ("POST", "/api/v1/contacts"): {"other_id": "{person_id}", "kind": "call", "direction": "given"},
    ("POST", "/api/v1/referrals"): {
        "referee_id": "{person_id}",
        "client": "Hôtel du Lac",
        "what": "Un séminaire",
        "warmth": 3,
    },
    ("PATCH", "/api/v1/referrals/{referral_id}"): {"status": "contacted"},
    ("POST", "/api/v1/editions/{edition_id}/applications"): {
        "role": "leader",
        "first_name": "Ann",
        "last_name": "Lee",
        "email": "ann@example.test",
        "company_name": "Lee SARL",
        "siret": "73282932000074",
        "commune": "00000",
    },
    ("POST", "/api/v1/applications/{application_id}/decision"): {"status": "waitlisted"},
}


def iter_url_patterns(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in {"admin", "api"}:
                continue
            prefix = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from iter_url_patterns(pattern.url_patterns, prefix)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}", pattern


def api_operations() -> set[tuple[str, str]]:
    schema = ninja_api.get_openapi_schema()
    return {(method.upper(), path) for path, item in schema["paths"].items() for method in item}


def test_every_page_is_in_the_matrix() -> None:
    names = {name for name, _pattern in iter_url_patterns(get_resolver().url_patterns)}
    missing = names - set(PAGES) - PUBLIC_PAGES
    assert not missing, f"add these URL names to PAGES or PUBLIC_PAGES: {sorted(missing)}"


def test_every_api_operation_is_in_the_matrix() -> None:
    missing = api_operations() - set(API) - set(API_EXEMPT)
    assert not missing, f"add these operations to API or API_EXEMPT: {sorted(missing)}"


@pytest.fixture
def world(request: Any, group: Group, other_group: Group, alumni_group: Group) -> dict[str, Any]:
    """Every persona exists, each member accepted their group's charter, and a member of
    `group` keeps out of the directory."""
    for role in ROLES[1:]:
        request.getfixturevalue(role)
    for membership in Membership.objects.filter(person__user__isnull=False):
        CharterAcceptance.objects.get_or_create(membership=membership, version=CHARTER_VERSION)
    private = (
        Membership.objects.filter(group=group, role="leader", person__user__isnull=True)
        .select_related("person")
        .first()
    )
    assert private is not None
    Person.objects.filter(pk=private.person_id).update(directory_consent=False)
    meeting = MeetingFactory(
        group=group,
        status=Meeting.Status.PLANNED,
        starts_at=timezone.now() + datetime.timedelta(days=10),
    )
    return {
        "slug": group.edition.territory.slug,
        "edition_id": group.edition_id,
        "group_id": group.pk,
        "person_id": private.person_id,
        "company_id": private.person.company_id,
        "token": "not-a-real-token",
        "fmt": "csv",
        "network_slug": group.edition.territory.network.slug,
        "facilitator_id": Person.objects.get(user__email="facilitator@example.test").pk,
        "meeting_id": meeting.pk,
        **uploads_world(request, private.person.company, meeting),
        **themes_world(group),
        **business_world(group),
        **surveys_world(group),
        **recruitment_world(group),
    }


def uploads_world(request: Any, company: Any, meeting: Meeting) -> dict[str, int]:
    """The company has a logo and the meeting a document (files in a temporary MEDIA_ROOT)."""
    from maillage.core.tests.files import PDF, image_bytes, upload
    from maillage.meetings.services.documents import document_add
    from maillage.territories.services import company_logo_set

    request.getfixturevalue("settings").MEDIA_ROOT = request.getfixturevalue("tmp_path")
    company_logo_set(company=company, upload=upload("logo.png", image_bytes()), by=None)
    document = document_add(
        meeting=meeting,
        title="Support",
        upload=upload("support.pdf", PDF),
        by=request.getfixturevalue("facilitator"),
    )
    return {"document_id": document.pk}


def recruitment_world(group: Group) -> dict[str, int]:
    """An application to the world's edition and a run of the formation engine."""
    from maillage.editions.models import FormationRun
    from maillage.editions.tests.applicants import ApplicationFactory

    return {
        "application_id": ApplicationFactory(edition=group.edition).pk,
        "run_id": FormationRun.objects.create(edition=group.edition, status="done").pk,
    }


def business_world(group: Group) -> dict[str, int]:
    """A held meeting of `group` with the leader's idea; a contact and a referral from the
    other group's leader (A) to the leader (B)."""
    leader = Person.objects.get(user__email="leader@example.test")
    other = Person.objects.get(user__email="other-leader@example.test")
    held = MeetingFactory(group=group, status=Meeting.Status.HELD)
    return {
        "held_meeting_id": held.pk,
        "idea_id": IdeaFactory(meeting=held, author=leader).pk,
        "contact_id": ContactFactory(author=other, other=leader).pk,
        "referral_id": ReferralFactory(referrer=other, referee=leader).pk,
    }


def surveys_world(group: Group) -> dict[str, int]:
    """An open survey of the edition's leaders, the leader and the other group's leader invited;
    an answer whose author allows quoting; a question of the territory."""
    from maillage.surveys.models import Response, Survey, SurveyInvitation, SurveyQuestion

    now = timezone.now()
    survey = Survey.objects.create(
        edition=group.edition,
        kind="midterm",
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=10),
    )
    for email in ("leader@example.test", "other-leader@example.test"):
        SurveyInvitation.objects.create(survey=survey, person=Person.objects.get(user__email=email))
    response = Response.objects.create(
        survey=survey,
        respondent="r" * 32,
        group=group,
        comment="Un vrai réseau.",
        quote_consent=True,
    )
    question = SurveyQuestion.objects.create(
        territory=group.edition.territory, kind="final", label="Une question ?", type="yes_no"
    )
    return {"survey_id": survey.pk, "response_id": response.pk, "question_id": question.pk}


def themes_world(group: Group) -> dict[str, int]:
    """A theme of the network's catalogue and an open ballot of `group`."""
    themes = starter_catalogue_load(network=group.edition.territory.network)
    ballot = ballot_create(
        group=group,
        title="Choix des thèmes",
        opens_at=timezone.now() - datetime.timedelta(days=1),
        closes_at=timezone.now() + datetime.timedelta(days=7),
        candidates=themes[:3],
        by=None,
    )
    return {"theme_id": themes[0].pk, "ballot_id": ballot.pk}


def fill(path: str, values: dict[str, Any]) -> str:
    """Replace `<int:x>`, `<slug:x>`, `<x>` and `{x}` by the world's values."""
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), path)
    return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), path)


def url_for(name: str, world: dict[str, Any]) -> str:
    from django.urls import reverse

    pattern = dict(iter_url_patterns(get_resolver().url_patterns))[name]
    kwargs = {key: world[key] for key in pattern.pattern.converters}
    return reverse(name, kwargs=kwargs)


def log_in(client: Any, request: Any, role: str) -> Any:
    if role == "anonymous":
        return None
    user = request.getfixturevalue(role)
    client.force_login(user)
    return user


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_access(client: Any, request: Any, world: dict[str, Any], name: str, role: str):
    log_in(client, request, role)
    response = client.get(url_for(name, world))
    expected = PAGES[name][role]
    assert response.status_code == expected, f"{role} on {name}"
    if expected == 302:
        assert "/connexion/" in response["Location"]


@pytest.mark.parametrize("name", sorted(PUBLIC_PAGES))
def test_public_pages_answer_anonymous_without_error(
    client: Any, world: dict[str, Any], name: str
) -> None:
    response = client.get(url_for(name, world))
    assert response.status_code < 500


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path"), sorted(API))
def test_api_access(
    api: Any, request: Any, world: dict[str, Any], method: str, path: str, role: str
) -> None:
    user = None if role == "anonymous" else request.getfixturevalue(role)
    client = api(user)
    url = fill(path.removeprefix("/api/v1"), world)
    body = {
        key: fill(value, world) if isinstance(value, str) else value
        for key, value in API_BODIES.get((method, path), {}).items()
    }
    response = getattr(client, method.lower())(url, **({} if method == "GET" else {"data": body}))
    assert response.status_code == API[(method, path)][role], f"{role} {method} {path}"
    assert response.status_code < 400 or "detail" in response.json()
