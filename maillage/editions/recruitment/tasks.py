"""Background work of recruitment: the formation engine's runs and the emails.

Production runs them with `django_tasks_db.DatabaseBackend` (`manage.py db_worker`); tests and
`make run` run them immediately.
"""

from __future__ import annotations

import logging

from django.tasks import task

from maillage.editions.models import Group, Membership
from maillage.editions.recruitment import emails
from maillage.editions.recruitment.models import Application

logger = logging.getLogger(__name__)

# kind → template of the email to the applicant
APPLICATION_EMAILS = {
    "received": "application_received",
    Application.Status.ACCEPTED: "application_accepted",
    Application.Status.WAITLISTED: "application_waitlisted",
    Application.Status.DECLINED: "application_declined",
}


@task()
def application_notify_task(*, application_id: int, kind: str) -> int:
    """Tell an applicant that their application arrived, or what was decided."""
    application = (
        Application.objects.select_related("edition__territory", "person__user")
        .filter(pk=application_id)
        .first()
    )
    if application is None or kind not in APPLICATION_EMAILS:
        return 0
    language = emails.language_of(application.person, application.language)
    emails.send(
        to=application.email,
        template=APPLICATION_EMAILS[kind],
        context={"application": application, "edition": application.edition},
        language=language,
    )
    return 1


@task()
def formation_run_task(*, run_id: int) -> str:
    """Run the formation engine for a run the project manager started (see runs.run_execute)."""
    from maillage.editions.recruitment.runs import run_execute

    return run_execute(run_id=run_id).status


@task()
def groups_published_task(*, group_ids: list[int]) -> int:
    """Tell every member of the newly published groups which group they are in, with whom
    they facilitate or lead, and how to log in. Returns the number of emails sent."""
    memberships = (
        Membership.objects.filter(group_id__in=group_ids)
        .select_related("person__user", "group__edition__territory")
        .order_by("group_id", "role", "person__last_name")
    )
    applications = dict(
        Application.objects.filter(edition__groups__in=group_ids, person__isnull=False).values_list(
            "person_id", "language"
        )
    )
    facilitators: dict[int, list[str]] = {}
    for membership in memberships:
        if membership.role == Membership.Role.FACILITATOR:
            facilitators.setdefault(membership.group_id, []).append(membership.person.full_name)
    sent = 0
    for membership in memberships:
        person = membership.person
        if not person.email or not person.email_consent:
            continue
        group: Group = membership.group
        language = emails.language_of(person, applications.get(person.pk, "fr"))
        try:
            emails.send(
                to=person.email,
                template="group_published",
                context={
                    "person": person,
                    "membership": membership,
                    "group": group,
                    "edition": group.edition,
                    "facilitators": facilitators.get(group.pk, []),
                    "login_url": emails.login_url(),
                },
                language=language,
            )
            sent += 1
        except Exception:
            logger.exception("Group notice to person %s failed.", person.pk)
    return sent
