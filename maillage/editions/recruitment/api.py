"""API of recruitment and group formation, for the staff of a territory (its project managers
and its network's admins): members of the territory get 403, everyone else 404.

The public application form is a page (`/candidater/<edition>/`, no account needed). Through
the API, applications are entered by staff (from another tool, a CRM): they are validated by the
same rules as the form, and their source is "api"; no acknowledgement is emailed (the decision
is, as for every application).
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from maillage.accounts.api import api_user
from maillage.core.api_input import named_choices
from maillage.editions.models import Membership
from maillage.editions.recruitment import runs, services
from maillage.editions.recruitment.forms import ApplicationForm
from maillage.editions.recruitment.models import MAX_WEIGHT, Application, FormationRun
from maillage.editions.recruitment.permissions import (
    get_application_for_staff,
    get_edition_for_recruiting,
    get_run_for_staff,
)

router = Router(tags=["recruitment and group formation"])


ApplicationStatus = Annotated[
    Application.Status, named_choices(Application.Status, "ApplicationStatus")
]


class Error(Schema):
    detail: str


class ApplicationOut(Schema):
    id: int
    edition_id: int
    role: str
    status: str
    first_name: str
    last_name: str
    email: str
    phone: str
    job_title: str
    company_name: str
    siret: str
    naf: str | None
    headcount: int | None
    creation_year: int | None
    commune: str
    commune_insee: str
    has_hired: bool | None
    needs: str
    wished_themes: list[str]
    expertise: list[str]
    available_weekdays: list[int]
    available_moments: list[str]
    declared_conflicts: str
    language: str
    source: str
    submitted_at: datetime.datetime
    decided_at: datetime.datetime | None
    decision_message: str
    person_id: int | None

    @staticmethod
    def resolve_naf(obj: Application) -> str | None:
        return obj.activity.code if obj.activity is not None else None

    @staticmethod
    def resolve_commune(obj: Application) -> str:
        return obj.commune.name

    @staticmethod
    def resolve_commune_insee(obj: Application) -> str:
        return obj.commune.insee_code


class ApplicationIn(Schema):
    role: Membership.Role
    first_name: str = Field(max_length=100)
    last_name: str = Field(max_length=100)
    email: str = Field(max_length=254)
    phone: str = Field(default="", max_length=30)
    job_title: str = Field(default="", max_length=150)
    company_name: str = Field(max_length=200)
    siret: str = Field(max_length=20, description="14 digits (spaces allowed)")
    naf: str = Field(default="", max_length=10, description='NAF rev. 2, e.g. "25.62A"')
    headcount: int | None = None
    creation_year: int | None = None
    commune: str = Field(max_length=200, description="INSEE code or name")
    has_hired: bool | None = None
    needs: str = Field(default="", max_length=2000)
    wished_themes: list[str] = Field(default_factory=list, description="labels of the territory")
    expertise: list[str] = Field(default_factory=list)
    available_weekdays: list[int] = Field(default_factory=list, description="0 Monday … 4 Friday")
    available_moments: list[Application.Moment] = Field(default_factory=list)
    declared_conflicts: str = Field(default="", max_length=2000)
    language: str = Field(default="fr", pattern="^(fr|en)$")


class DecisionIn(Schema):
    status: ApplicationStatus
    message: str = Field(default="", max_length=2000)


class Weights(Schema):
    """Relative weights, each from 0 to MAX_WEIGHT (only their ratios matter)."""

    div: float = Field(default=0.30, ge=0, le=MAX_WEIGHT)
    geo: float = Field(default=0.30, ge=0, le=MAX_WEIGHT)
    size: float = Field(default=0.15, ge=0, le=MAX_WEIGHT)
    cov: float = Field(default=0.25, ge=0, le=MAX_WEIGHT)


class FormationRunIn(Schema):
    seed: int = Field(default=1, ge=0, le=2**31 - 1)
    time_limit_s: float = Field(default=10.0, gt=0, le=runs.MAX_TIME_LIMIT_S)
    max_iterations: int | None = Field(default=None, ge=0)
    num_groups: int | None = Field(default=None, ge=1)
    weights: Weights = Field(default_factory=Weights)


class Components(Schema):
    div: float
    geo: float
    size: float
    cov: float


class ProposedGroup(Schema):
    index: int
    leaders: list[int]  # application ids
    facilitators: list[int]
    score: float | None
    components: Components | None


class FormationRunOut(Schema):
    id: int
    edition_id: int
    status: str
    progress: int
    seed: int
    time_limit_s: float
    max_iterations: int | None
    created_at: datetime.datetime
    finished_at: datetime.datetime | None
    objective: float | None
    engine_objective: float | None
    components: Components | None
    groups: list[ProposedGroup]
    locked: list[int]
    problems: list[str]
    reason: str

    @staticmethod
    def resolve_objective(obj: FormationRun) -> float | None:
        value = obj.result.get("objective")
        return float(value) if value is not None and obj.groups else None

    @staticmethod
    def resolve_components(obj: FormationRun) -> dict[str, float] | None:
        components: dict[str, float] | None = obj.result.get("components") if obj.groups else None
        return components

    @staticmethod
    def resolve_groups(obj: FormationRun) -> list[dict[str, Any]]:
        return [
            {
                "index": index,
                "leaders": group["leaders"],
                "facilitators": group["facilitators"],
                "score": group.get("score"),
                "components": group.get("components"),
            }
            for index, group in enumerate(obj.groups)
        ]

    @staticmethod
    def resolve_problems(obj: FormationRun) -> list[str]:
        return runs.publish_problems(obj) if obj.is_open else []

    @staticmethod
    def resolve_reason(obj: FormationRun) -> str:
        return runs.failure_text(obj) if obj.error else ""


@router.get("/editions/{int:edition_id}/applications", response=list[ApplicationOut])
@paginate(PageNumberPagination)
def list_applications(
    request: HttpRequest,
    edition_id: int,
    status: str | None = None,
    role: str | None = None,
) -> QuerySet[Application]:
    """The edition's applications, latest first; `status` (submitted, accepted, waitlisted,
    declined) and `role` (leader, facilitator) narrow the list."""
    edition = get_edition_for_recruiting(api_user(request), edition_id)
    applications = Application.objects.filter(edition=edition)
    if status is not None:
        applications = applications.filter(status=status)
    if role is not None:
        applications = applications.filter(role=role)
    return applications.select_related("activity", "commune").order_by("-submitted_at", "-pk")


def _form_data(payload: ApplicationIn) -> dict[str, Any]:
    data: dict[str, Any] = payload.dict()
    data["has_hired"] = {True: "yes", False: "no", None: ""}[payload.has_hired]
    data["headcount"] = "" if payload.headcount is None else str(payload.headcount)
    data["creation_year"] = "" if payload.creation_year is None else str(payload.creation_year)
    data["available_weekdays"] = [str(day) for day in payload.available_weekdays]
    data["available_moments"] = [str(moment) for moment in payload.available_moments]
    data["role"] = str(payload.role)
    return data


@router.post(
    "/editions/{int:edition_id}/applications",
    response={201: ApplicationOut, 400: Error, 403: Error, 404: Error},
)
def create_application(
    request: HttpRequest, edition_id: int, payload: ApplicationIn
) -> Status[Application]:
    """Enter an application (staff), checked as the public form checks it: SIRET, NAF code,
    commune, the territory's eligibility rules, one application per address and edition.
    400 lists each refused field ("field: reason")."""
    user = api_user(request)
    edition = get_edition_for_recruiting(user, edition_id)
    form = ApplicationForm(_form_data(payload), edition=edition)
    if not form.is_valid():
        raise ValidationError(
            [
                f"{name}: {' '.join(str(m) for m in messages)}"
                for name, messages in form.errors.items()
            ]
        )
    application = services.application_submit(
        edition=edition,
        fields=form.application_fields(),
        source=Application.Source.API,
        language=payload.language,
        by=user,
        notify=False,
    )
    return Status(201, application)


@router.post(
    "/applications/{int:application_id}/decision",
    response={200: ApplicationOut, 400: Error, 403: Error, 404: Error},
)
def decide_application(
    request: HttpRequest, application_id: int, payload: DecisionIn
) -> Application:
    """Accept, waitlist or decline an application; the applicant is told by email."""
    user = api_user(request)
    application = get_application_for_staff(user, application_id)
    return services.application_decide(
        application=application, status=payload.status, message=payload.message, by=user
    )


@router.post(
    "/editions/{int:edition_id}/formation-runs",
    response={202: FormationRunOut, 400: Error, 403: Error, 404: Error},
)
def start_formation_run(
    request: HttpRequest, edition_id: int, payload: FormationRunIn
) -> Status[FormationRun]:
    """Run the formation engine on the edition's accepted applications, in the background:
    202 with the run; follow it with `GET /formation-runs/{id}` (status, progress, groups)."""
    user = api_user(request)
    edition = get_edition_for_recruiting(user, edition_id)
    weights = payload.weights.dict()
    if not sum(weights.values()):
        raise ValidationError("weights: give at least one criterion a weight above 0")
    run = runs.run_start(
        edition=edition,
        by=user,
        seed=payload.seed,
        time_limit_s=payload.time_limit_s,
        max_iterations=payload.max_iterations,
        num_groups=payload.num_groups,
        weights=weights,
    )
    run.refresh_from_db()  # with an immediate task backend, it has already run
    return Status(202, run)


@router.get("/formation-runs/{int:run_id}", response={200: FormationRunOut, 403: Error, 404: Error})
def get_formation_run(request: HttpRequest, run_id: int) -> FormationRun:
    """A run: its status and progress, then its groups (application ids), scores, and what
    keeps them from being published."""
    run = get_run_for_staff(api_user(request), run_id)
    run.refresh_from_db()
    return run
