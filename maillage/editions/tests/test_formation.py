"""Group formation in the app: the adapter's instance, runs of the engine as a background task,
moves re-checked at once, locks kept by a new run, publishing through `membership_add`."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation

from maillage.core.models import AuditEntry
from maillage.editions.models import Application, Edition, FormationRun, Group, Membership
from maillage.editions.recruitment import formation, runs
from maillage.editions.tests.applicants import (
    ApplicationFactory,
    FacilitatorApplicationFactory,
    accept,
    accepted_cohort,
    recruiting_edition,
)
from maillage.engines.formation import instance_from_json
from maillage.territories.models import Territory
from maillage.territories.tests.factories import ActivityCodeFactory


@pytest.fixture
def recruiting(territory: Territory) -> Edition:
    return recruiting_edition(territory)


@pytest.fixture
def cohort(recruiting: Edition) -> list[Application]:
    """22 leaders of distinct NAF classes and 6 facilitators: two groups of 11."""
    return accepted_cohort(recruiting, leaders=22, facilitators=6)


def start(edition: Edition, by: Any, capture: Any, **kwargs: Any) -> FormationRun:
    kwargs = {"seed": 3, "time_limit_s": 20.0, "max_iterations": 3000, **kwargs}
    with capture(execute=True):
        run = runs.run_start(edition=edition, by=by, **kwargs)
    run.refresh_from_db()
    return run


@pytest.fixture
def run(
    recruiting: Edition,
    cohort: list[Application],
    project_manager: Any,
    django_capture_on_commit_callbacks: Any,
) -> FormationRun:
    return start(recruiting, project_manager, django_capture_on_commit_callbacks)


# The instance ------------------------------------------------------------------------------


def test_the_instance_is_valid_for_the_engine(recruiting: Edition, cohort: list[Application]):
    instance = formation.build_instance(recruiting)

    engine_instance = instance_from_json(instance)
    assert len(engine_instance.leaders) == 22
    assert len(engine_instance.facilitators) == 6
    assert engine_instance.params.group_size_min == recruiting.min_leaders
    assert {t.id for t in engine_instance.themes} == {"developpement-commercial", "recrutement"}


def test_only_accepted_applications_are_in_the_instance(recruiting: Edition, cohort: Any):
    ApplicationFactory(edition=recruiting, status="waitlisted")
    ApplicationFactory(edition=recruiting, status="submitted")

    instance = formation.build_instance(recruiting)

    assert len(instance["leaders"]) == 22


def test_an_edition_without_accepted_leaders_cannot_be_formed(recruiting: Edition) -> None:
    with pytest.raises(ValidationError, match="Aucune candidature de dirigeant"):
        formation.build_instance(recruiting)


def test_declared_conflicts_become_the_engines_conflicts(recruiting: Edition) -> None:
    alice = accept(ApplicationFactory(edition=recruiting, company_name="Alice SARL"))
    bob = accept(
        ApplicationFactory(edition=recruiting, declared_conflicts=f"Un concurrent\n{alice.siret}")
    )
    bank = accept(FacilitatorApplicationFactory(edition=recruiting, company_name="Banque du Lac"))
    carol = accept(ApplicationFactory(edition=recruiting, declared_conflicts="banque du lac"))
    supplier = accept(
        FacilitatorApplicationFactory(edition=recruiting, declared_conflicts="Alice SARL")
    )

    leaders = {x["id"]: x for x in formation.build_instance(recruiting)["leaders"]}

    assert leaders[bob.pk]["conflicts"] == [alice.pk]
    assert leaders[carol.pk]["conflict_employers"] == [bank.siren]
    assert leaders[alice.pk]["conflict_employers"] == [supplier.siren]


# Runs --------------------------------------------------------------------------------------


def test_a_run_proposes_groups_that_respect_the_rules(run: FormationRun) -> None:
    assert run.status == "done"
    assert run.progress == 100
    assert [len(g["leaders"]) for g in run.groups] in ([11, 11], [10, 12], [12, 10])
    assert all(len(g["facilitators"]) == 3 for g in run.groups)
    assert formation.problems(run.instance, run.groups, {}) == []
    assert 0 <= run.result["objective"] <= 100
    assert set(run.groups[0]["components"]) == {"div", "geo", "size", "cov"}


def test_the_same_seed_and_iterations_give_the_same_groups(
    run: FormationRun, project_manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    again = start(run.edition, project_manager, django_capture_on_commit_callbacks)

    assert again.groups == run.groups


def test_an_impossible_edition_fails_with_the_reason(
    recruiting: Edition, project_manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    accepted_cohort(recruiting, leaders=22, facilitators=2)

    failed = start(recruiting, project_manager, django_capture_on_commit_callbacks)

    assert failed.status == "failed"
    assert "facilitators" in failed.error


def test_the_reason_of_an_impossible_edition_is_said_in_the_users_language(
    recruiting: Edition, project_manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    accepted_cohort(recruiting, leaders=22, facilitators=2)
    failed = start(recruiting, project_manager, django_capture_on_commit_callbacks)

    with translation.override("fr"):
        french = runs.failure_text(failed)
    with translation.override("en"):
        english = runs.failure_text(failed)

    assert french == "2 animateurs seulement pour 2 groupes de 3"
    assert english == "only 2 facilitators for 2 groups of 3"


def test_runs_are_audited(run: FormationRun) -> None:
    actions = set(AuditEntry.objects.values_list("action", flat=True))

    assert {"editions.formation.started", "editions.formation.finished"} <= actions


def test_progress_is_reported_while_the_engine_searches() -> None:
    seen: list[int] = []
    instance = {
        "leaders": [{"id": i, "naf": f"{10 + i}.11Z", "size_band": "TPE", "lat": 46.0, "lon": 4.0}
                    for i in range(12)],
        "facilitators": [],
        "params": {"facilitators_per_group": 0},
    }  # fmt: skip

    formation.run_engine(instance, seed=1, time_limit_s=1.0, on_progress=seen.append, tick_s=0.2)

    assert seen
    assert all(1 <= p <= 99 for p in seen)


# Moves -------------------------------------------------------------------------------------


def test_moving_a_leader_rescores_and_flags_the_sizes(
    run: FormationRun, project_manager: Any
) -> None:
    before = [list(g["leaders"]) for g in run.groups]
    small = min(range(2), key=lambda g: len(before[g]))
    person = before[small][0]

    moved = runs.run_move(run=run, person=person, to_group=1 - small, by=project_manager)

    assert person in moved.groups[1 - small]["leaders"]
    assert moved.moves == 1
    assert moved.groups[1 - small]["score"] is not None
    codes = {p.code for p in formation.problems(moved.instance, moved.groups, {})}
    assert codes <= {"size"}
    if len(before[small]) == moved.edition.min_leaders:
        assert codes == {"size"}
        assert runs.publish_problems(moved)


def test_a_move_that_seats_two_competitors_together_is_refused(
    run: FormationRun, project_manager: Any
) -> None:
    first, second = run.groups[0]["leaders"][0], run.groups[1]["leaders"][0]
    code = Application.objects.get(pk=first).activity
    Application.objects.filter(pk=second).update(activity=code)
    run.instance = formation.build_instance(run.edition)
    run.save(update_fields=["instance"])

    with pytest.raises(ValidationError, match="concurrents directs"):
        runs.run_move(run=run, person=second, to_group=0, by=project_manager)

    run.refresh_from_db()
    assert second in run.groups[1]["leaders"]


def test_a_move_that_breaks_a_declared_conflict_is_refused(
    run: FormationRun, project_manager: Any
) -> None:
    first, second = run.groups[0]["leaders"][0], run.groups[1]["leaders"][0]
    siret = Application.objects.get(pk=first).siret
    Application.objects.filter(pk=second).update(declared_conflicts=siret)
    run.instance = formation.build_instance(run.edition)
    run.save(update_fields=["instance"])

    with pytest.raises(ValidationError, match="conflit d'intérêts"):
        runs.run_move(run=run, person=second, to_group=0, by=project_manager)


def test_facilitators_are_swapped_not_moved(run: FormationRun, project_manager: Any) -> None:
    a, b = run.groups[0]["facilitators"][0], run.groups[1]["facilitators"][0]

    with pytest.raises(ValidationError):
        runs.run_move(run=run, person=a, to_group=1, by=project_manager)
    swapped = runs.run_swap(run=run, person=a, other=b, by=project_manager)

    assert a in swapped.groups[1]["facilitators"]
    assert b in swapped.groups[0]["facilitators"]


def test_a_locked_person_stays_where_a_new_run_puts_the_others(
    run: FormationRun, project_manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    person = run.groups[1]["leaders"][0]
    runs.run_lock(run=run, person=person, locked=True, by=project_manager)
    run.refresh_from_db()

    with pytest.raises(ValidationError, match="verrouillée"):
        runs.run_move(run=run, person=person, to_group=0, by=project_manager)
    with django_capture_on_commit_callbacks(execute=True):
        again = runs.run_again(run=run, by=project_manager)
    again.refresh_from_db()

    assert again.parent == run
    assert again.locked == [person]
    assert person in again.groups[1]["leaders"]
    fixed = {x["id"]: x["fixed_group"] for x in again.instance["leaders"]}
    assert fixed[person] == 1
    assert sum(1 for value in fixed.values() if value is not None) == 1


def test_an_older_run_is_not_changed_any_more(
    run: FormationRun, project_manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    start(run.edition, project_manager, django_capture_on_commit_callbacks, seed=9)

    with pytest.raises(ValidationError, match="plus récente"):
        runs.run_lock(run=run, person=run.groups[0]["leaders"][0], locked=True, by=project_manager)


# Publishing --------------------------------------------------------------------------------


def test_publishing_creates_the_groups_and_memberships(
    run: FormationRun, project_manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        groups = runs.run_publish(run=run, by=project_manager, names=["Loire", "Rhins"])

    assert [g.name for g in groups] == ["Loire", "Rhins"]
    for group, proposed in zip(groups, run.groups, strict=True):
        leaders = Membership.objects.filter(group=group, role="leader")
        assert sorted(leaders.values_list("person__applications__pk", flat=True)) == sorted(
            proposed["leaders"]
        )
        assert Membership.objects.filter(group=group, role="facilitator").count() == 3
    run.refresh_from_db()
    assert run.status == "published"
    assert run.edition.preparation_status == "forming"
    assert AuditEntry.objects.filter(action="editions.membership.added").count() == 28


def test_publishing_tells_everyone_in_their_language_and_gives_them_an_account(
    run: FormationRun, project_manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    english = run.groups[0]["leaders"][0]
    Application.objects.filter(pk=english).update(language="en")

    with django_capture_on_commit_callbacks(execute=True):
        runs.run_publish(run=run, by=project_manager)

    assert len(mail.outbox) == 28
    person = Application.objects.get(pk=english).person
    assert person is not None
    assert person.user is not None
    assert person.user.language == "en"
    message = next(m for m in mail.outbox if m.to == [person.email])
    assert message.subject.startswith("Your group")


def test_publishing_is_refused_while_a_group_breaks_a_bound(
    run: FormationRun, project_manager: Any
) -> None:
    sizes = [len(g["leaders"]) for g in run.groups]
    source = sizes.index(min(sizes))
    for person in run.groups[source]["leaders"][:2]:
        run = runs.run_move(run=run, person=person, to_group=1 - source, by=project_manager)

    with pytest.raises(ValidationError, match="dirigeants"):
        runs.run_publish(run=run, by=project_manager)

    assert not Group.objects.filter(edition=run.edition).exists()


def test_publishing_checks_membership_rules_and_writes_nothing_when_one_refuses(
    run: FormationRun, project_manager: Any, group: Group
) -> None:
    """A leader already in a running group of an overlapping edition: membership_add refuses."""
    busy = Application.objects.get(pk=run.groups[1]["leaders"][0])
    assert busy.person is not None
    Membership.objects.create(
        person=busy.person, group=group, role="leader", joined_on=group.edition.opening_date
    )

    with pytest.raises(ValidationError, match="même période"):
        runs.run_publish(run=run, by=project_manager)

    assert not Group.objects.filter(edition=run.edition).exists()


def test_names_alike_once_cut_to_the_column_length_are_refused_not_a_crash(
    run: FormationRun, project_manager: Any
) -> None:
    """Group names are cut to 100 characters: two names that differ only after that are the
    same name, refused with the rule's message (not a database error)."""
    names = ["X" * 100 + "a", "X" * 100 + "b"]

    with pytest.raises(ValidationError, match="nom différent"):
        runs.run_publish(run=run, by=project_manager, names=names)

    assert not Group.objects.filter(edition=run.edition).exists()


def test_an_edition_is_formed_once(run: FormationRun, project_manager: Any) -> None:
    runs.run_publish(run=run, by=project_manager)

    with pytest.raises(ValidationError, match="déjà ses groupes"):
        runs.run_start(edition=run.edition, by=project_manager)


def test_an_application_declined_after_the_run_blocks_publishing(
    run: FormationRun, project_manager: Any
) -> None:
    Application.objects.filter(pk=run.groups[0]["leaders"][0]).update(status="declined")

    assert any("n'est plus acceptée" in problem for problem in runs.publish_problems(run))


def test_leaders_of_a_same_naf_class_are_split_by_the_engine(
    recruiting: Edition, project_manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    accepted_cohort(recruiting, leaders=20, facilitators=6)
    same = ActivityCodeFactory(code="47.11B")
    twins = [accept(ApplicationFactory(edition=recruiting, activity=same)) for _ in range(2)]

    result = start(recruiting, project_manager, django_capture_on_commit_callbacks)

    where = formation.placement(result.groups)
    assert where[twins[0].pk] != where[twins[1].pk]
