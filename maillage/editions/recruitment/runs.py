"""Writes of group formation: start a run of the engine, move, swap and lock people in its
proposal, run it again for the others, publish it as groups.

A run is adjusted only while it is the edition's latest and is not published. Every move is
checked at once: a move that breaks a hard rule (direct competitors, a declared conflict,
two facilitators of one employer) is refused with the reason; one that leaves a group with too
few or too many leaders is made, and the groups cannot be published until it is mended.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.accounts.models import User
from maillage.core.audit import audit
from maillage.editions.models import Edition, EditionStatus, Group, Membership
from maillage.editions.recruitment import formation
from maillage.editions.recruitment.models import Application, FormationRun
from maillage.editions.services import group_create, membership_add

logger = logging.getLogger(__name__)

Status = FormationRun.Status
MAX_TIME_LIMIT_S = 120.0


def check_formable(edition: Edition) -> None:
    if edition.status not in (EditionStatus.RECRUITING, EditionStatus.FORMING):
        raise ValidationError(
            _("Les groupes se constituent avant l'ouverture de l'édition."), code="not_forming"
        )
    if edition.groups.exists():
        raise ValidationError(
            _("Cette édition a déjà ses groupes : ils ne se constituent qu'une fois."),
            code="already_formed",
        )


def latest_run(edition: Edition) -> FormationRun | None:
    return FormationRun.objects.filter(edition=edition).order_by("-created_at", "-pk").first()


def names_of(run: FormationRun) -> dict[int, str]:
    people = [*run.instance.get("leaders", []), *run.instance.get("facilitators", [])]
    ids = [x["id"] for x in people]
    return {
        pk: f"{first} {last}"
        for pk, first, last in Application.objects.filter(pk__in=ids).values_list(
            "pk", "first_name", "last_name"
        )
    }


def failure_text(run: FormationRun) -> str:
    """Why the run failed, in the user's language when the engine gave a reason code (its
    English text, or the error, otherwise)."""
    return formation.reason_text(run.result or {}, names_of(run)) or run.error


def _enqueue(run: FormationRun) -> None:
    from maillage.editions.recruitment.tasks import formation_run_task

    run_id = run.pk
    transaction.on_commit(lambda: formation_run_task.enqueue(run_id=run_id))


@transaction.atomic
def run_start(
    *,
    edition: Edition,
    by: Any,
    seed: int = 1,
    time_limit_s: float = 10.0,
    weights: dict[str, float] | None = None,
    num_groups: int | None = None,
    max_iterations: int | None = None,
    parent: FormationRun | None = None,
    locked: list[int] | None = None,
) -> FormationRun:
    """Queue a run of the engine on the accepted applications (a background task).

    With a `parent` run, the people `locked` there stay in their group (fixed) and the number
    of groups is kept."""
    check_formable(edition)
    if not 0 < time_limit_s <= MAX_TIME_LIMIT_S:
        raise ValidationError(
            _("Le temps de calcul va de 1 à %(max)d secondes.") % {"max": MAX_TIME_LIMIT_S},
            code="time_limit",
        )
    applications = formation.accepted_applications(edition)
    accepted = {a.pk for a in applications}
    fixed: dict[int, int] = {}
    locked = [pk for pk in (locked or []) if pk in accepted]
    if parent is not None:
        where = formation.placement(parent.groups)
        fixed = {pk: where[pk] for pk in locked if pk in where}
        num_groups = num_groups or len(parent.groups) or None
        weights = weights or parent.instance.get("weights")
    instance = formation.build_instance(
        edition,
        weights=weights,
        num_groups=num_groups,
        fixed=fixed,
        applications=applications,
    )
    run = FormationRun.objects.create(
        edition=edition,
        parent=parent,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        seed=seed,
        time_limit_s=time_limit_s,
        max_iterations=max_iterations,
        instance=instance,
        locked=sorted(fixed),
    )
    audit(
        by,
        "editions.formation.started",
        obj=run,
        territory_id=edition.territory_id,
        leaders=len(instance["leaders"]),
        facilitators=len(instance["facilitators"]),
    )
    _enqueue(run)
    return run


def run_execute(*, run_id: int) -> FormationRun:
    """The task's body: run the engine, keep its answer. Progress is saved as it goes."""
    run = FormationRun.objects.get(pk=run_id)
    if run.status != Status.QUEUED:
        return run
    FormationRun.objects.filter(pk=run.pk).update(
        status=Status.RUNNING, started_at=timezone.now(), progress=1
    )

    def progress(percent: int) -> None:
        FormationRun.objects.filter(pk=run.pk).update(progress=percent)

    try:
        result = formation.run_engine(
            run.instance,
            seed=run.seed,
            time_limit_s=run.time_limit_s,
            max_iterations=run.max_iterations,
            on_progress=progress,
        )
    except Exception as exc:  # the engine refused the instance, or failed: say so on the run
        logger.exception("Formation run %s failed.", run.pk)
        run.status, run.error, run.result = Status.FAILED, str(exc)[:2000], {}
    else:
        run.result = result
        if result["status"] == "infeasible":
            run.status, run.error = Status.FAILED, result["reason"]
        else:
            run.status, run.engine_objective = Status.DONE, result["objective"]
    run.progress = 100
    run.finished_at = timezone.now()
    run.save(
        update_fields=["status", "error", "result", "engine_objective", "progress", "finished_at"]
    )
    audit(
        None,
        "editions.formation.finished",
        obj=run,
        territory_id=run.edition.territory_id,
        status=run.status,
    )
    return run


def _check_open(run: FormationRun) -> None:
    if run.status != Status.DONE:
        raise ValidationError(
            _("Cette proposition ne se modifie plus (%(status)s).")
            % {"status": Status(run.status).label},
            code="not_open",
        )
    latest = latest_run(run.edition)
    if latest is not None and latest.pk != run.pk:
        raise ValidationError(
            _("Une proposition plus récente existe : modifiez celle-ci."), code="not_latest"
        )


def _apply(
    run: FormationRun, groups: list[dict[str, Any]], *, by: Any, action: str, **data: Any
) -> FormationRun:
    """Check the new groups, re-score them and keep them (or refuse with the reasons)."""
    names = names_of(run)
    fresh = formation.new_problems(
        formation.problems(run.instance, run.groups, names),
        formation.problems(run.instance, groups, names),
    )
    if fresh:
        raise ValidationError([problem.message for problem in fresh], code="rules")
    if any(not group["leaders"] for group in groups):
        raise ValidationError(_("Un groupe ne peut pas rester sans dirigeant."), code="empty_group")
    scored = formation.evaluate(run.instance, groups)
    if scored is None:  # the rules above make this unexpected
        raise ValidationError(_("Cette répartition ne respecte pas les règles."), code="engine")
    run.result = {**scored, "status": run.result.get("status", "feasible")}
    run.moves += 1
    run.save(update_fields=["result", "moves"])
    audit(by, action, obj=run, territory_id=run.edition.territory_id, **data)
    return run


def _groups_copy(run: FormationRun) -> list[dict[str, Any]]:
    return [
        {"leaders": list(group["leaders"]), "facilitators": list(group["facilitators"])}
        for group in run.groups
    ]


@transaction.atomic
def run_move(*, run: FormationRun, person: int, to_group: int, by: Any) -> FormationRun:
    """Move a leader (an application id) to another group."""
    run = FormationRun.objects.select_for_update().select_related("edition").get(pk=run.pk)
    _check_open(run)
    groups = _groups_copy(run)
    where = formation.placement(groups)
    if person not in where:
        raise ValidationError(_("Cette personne n'est pas dans la proposition."), code="unknown")
    if not 0 <= to_group < len(groups):
        raise ValidationError(_("Ce groupe n'existe pas."), code="unknown_group")
    source = where[person]
    if person in groups[source]["facilitators"]:
        raise ValidationError(
            _("Un animateur s'échange avec un animateur d'un autre groupe."), code="facilitator"
        )
    if person in run.locked:
        raise ValidationError(
            _("Cette personne est verrouillée dans son groupe : déverrouillez-la d'abord."),
            code="locked",
        )
    if source == to_group:
        return run
    groups[source]["leaders"].remove(person)
    groups[to_group]["leaders"].append(person)
    return _apply(
        run, groups, by=by, action="editions.formation.moved", person=person, to_group=to_group
    )


@transaction.atomic
def run_swap(*, run: FormationRun, person: int, other: int, by: Any) -> FormationRun:
    """Exchange two people of the same role between their groups (group sizes stay)."""
    run = FormationRun.objects.select_for_update().select_related("edition").get(pk=run.pk)
    _check_open(run)
    groups = _groups_copy(run)
    where = formation.placement(groups)
    if person not in where or other not in where:
        raise ValidationError(_("Cette personne n'est pas dans la proposition."), code="unknown")
    a, b = where[person], where[other]
    role = "leaders" if person in groups[a]["leaders"] else "facilitators"
    if other not in groups[b][role]:
        raise ValidationError(
            _(
                "On n'échange qu'un dirigeant contre un dirigeant, "
                "un animateur contre un animateur."
            ),
            code="roles",
        )
    if a == b:
        raise ValidationError(_("Ces deux personnes sont dans le même groupe."), code="same")
    if person in run.locked or other in run.locked:
        raise ValidationError(
            _("Cette personne est verrouillée dans son groupe : déverrouillez-la d'abord."),
            code="locked",
        )
    groups[a][role][groups[a][role].index(person)] = other
    groups[b][role][groups[b][role].index(other)] = person
    return _apply(
        run, groups, by=by, action="editions.formation.swapped", person=person, other=other
    )


@transaction.atomic
def run_lock(*, run: FormationRun, person: int, locked: bool, by: Any) -> FormationRun:
    """Lock a person in their group (the next run keeps them there), or unlock them."""
    run = FormationRun.objects.select_for_update().select_related("edition").get(pk=run.pk)
    _check_open(run)
    if person not in formation.placement(run.groups):
        raise ValidationError(_("Cette personne n'est pas dans la proposition."), code="unknown")
    current = set(run.locked)
    current = current | {person} if locked else current - {person}
    run.locked = sorted(current)
    run.save(update_fields=["locked"])
    audit(
        by,
        "editions.formation.locked" if locked else "editions.formation.unlocked",
        obj=run,
        territory_id=run.edition.territory_id,
        person=person,
    )
    return run


def run_again(
    *, run: FormationRun, by: Any, seed: int | None = None, time_limit_s: float | None = None
) -> FormationRun:
    """A new run for everyone but the locked people, who stay where they are."""
    _check_open(run)
    return run_start(
        edition=run.edition,
        by=by,
        seed=seed if seed is not None else run.seed + 1,
        time_limit_s=time_limit_s or run.time_limit_s,
        max_iterations=run.max_iterations,
        parent=run,
        locked=list(run.locked),
    )


def publish_problems(run: FormationRun) -> list[str]:
    """What keeps the proposal from becoming groups (empty when nothing does)."""
    found = [p.message for p in formation.problems(run.instance, run.groups, names_of(run))]
    ids = list(formation.placement(run.groups))
    still = set(
        Application.objects.filter(
            pk__in=ids, status=Application.Status.ACCEPTED, person__isnull=False
        ).values_list("pk", flat=True)
    )
    names = names_of(run)
    for pk in ids:
        if pk not in still:
            found.append(
                _("La candidature de %(person)s n'est plus acceptée.")
                % {"person": names.get(pk, str(pk))}
            )
    return found


def _account_for(person: Any, language: str) -> None:
    """Members log in: a person without an account gets one (login by emailed link; no
    password until they choose one), or the existing account with their address."""
    if person.user_id is not None or not person.email:
        return
    user = User.objects.filter(email__iexact=person.email).first()
    if user is None:
        user = User.objects.create_user(
            email=person.email.lower(),
            password=None,
            display_name=person.full_name,
            language=language,
        )
        audit(None, "accounts.user.created", obj=user)
    elif hasattr(user, "person"):
        return
    person.user = user
    person.save(update_fields=["user"])


@transaction.atomic
def run_publish(*, run: FormationRun, by: Any, names: list[str] | None = None) -> list[Group]:
    """The proposal becomes the edition's groups: each membership through `membership_add`
    (its rules checked once more), an account for members who have none, everyone told by
    email. All or nothing."""
    run = (
        FormationRun.objects.select_for_update().select_related("edition__territory").get(pk=run.pk)
    )
    _check_open(run)
    edition = run.edition
    check_formable(edition)
    refused = publish_problems(run)
    if refused:
        raise ValidationError(refused, code="rules")
    max_length = Group._meta.get_field("name").max_length or 100
    names = [n.strip()[:max_length].strip() for n in (names or [])]
    if len(names) < len(run.groups):
        names += [formation.group_label(i) for i in range(len(names), len(run.groups))]
    names = [name or formation.group_label(i) for i, name in enumerate(names)]
    if len(set(names)) != len(run.groups):
        raise ValidationError(_("Donnez un nom différent à chaque groupe."), code="names")
    applications = {
        a.pk: a
        for a in Application.objects.filter(pk__in=formation.placement(run.groups)).select_related(
            "person__user"
        )
    }
    groups = []
    for index, proposed in enumerate(run.groups):
        group = group_create(edition=edition, name=names[index], by=by)
        for role, key in (
            (Membership.Role.FACILITATOR, "facilitators"),
            (Membership.Role.LEADER, "leaders"),
        ):
            for pk in proposed[key]:
                application = applications[pk]
                person = application.person
                assert person is not None
                membership_add(group=group, person=person, role=role, by=by)
                _account_for(person, application.language)
        groups.append(group)
    if edition.preparation_status == EditionStatus.RECRUITING:
        edition.preparation_status = EditionStatus.FORMING
        edition.save(update_fields=["preparation_status"])
    run.status = Status.PUBLISHED
    run.published_at = timezone.now()
    run.published_by = by if getattr(by, "is_authenticated", False) else None
    run.save(update_fields=["status", "published_at", "published_by"])
    audit(
        by,
        "editions.formation.published",
        obj=run,
        territory_id=edition.territory_id,
        groups=[g.pk for g in groups],
    )
    from maillage.editions.recruitment.tasks import groups_published_task

    group_ids = [g.pk for g in groups]
    transaction.on_commit(lambda: groups_published_task.enqueue(group_ids=group_ids))
    return groups


def new_seed() -> int:
    return secrets.randbelow(2**31 - 1)
