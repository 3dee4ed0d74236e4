"""Invitations by email to join as leader, facilitator (of a group) or project manager (of a
territory): sending, reading by token, accepting.

A token has 256 random bits; only its SHA-256 is stored; it serves once and for 14 days. The
link itself proves that the invitee reads that inbox, as an emailed login link does.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.accounts.models import User, hash_token
from maillage.accounts.services import normalize_email
from maillage.core.audit import audit
from maillage.editions import services as editions_services
from maillage.editions.models import EditionStatus, Group, Invitation, Membership
from maillage.editions.permissions import roles_of
from maillage.territories import services as territories_services
from maillage.territories.models import Person, ProjectManager, Territory

INVITATION_VALIDITY = timedelta(days=14)
GROUP_ROLES = (Invitation.Role.LEADER, Invitation.Role.FACILITATOR)

type InvitationStatus = Literal["valid", "used", "expired", "invalid"]

REFUSALS = {
    "invalid": gettext_lazy("Cette invitation n'existe pas. Vérifiez le lien reçu par e-mail."),
    "used": gettext_lazy("Cette invitation a déjà été acceptée : connectez-vous."),
    "expired": gettext_lazy(
        "Cette invitation a expiré. Demandez-en une nouvelle à votre chef de projet."
    ),
    "wrong_account": gettext_lazy(
        "Cette invitation est adressée à une autre adresse que celle de votre compte : "
        "déconnectez-vous, puis ouvrez de nouveau le lien."
    ),
}


class InvitationRefused(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code

    @property
    def message(self) -> str:
        return str(REFUSALS[self.code])


# Reads ---------------------------------------------------------------------------------------


def invitation_for_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("territory", "group__edition__territory", "invited_by")
        .filter(token_hash=hash_token(token))
        .first()
    )


def invitation_status(invitation: Invitation | None) -> InvitationStatus:
    if invitation is None:
        return "invalid"
    if invitation.accepted_at is not None:
        return "used"
    if invitation.expires_at <= timezone.now():
        return "expired"
    return "valid"


def existing_account(invitation: Invitation) -> User | None:
    return User.objects.filter(email=normalize_email(invitation.email)).first()


def place(invitation: Invitation) -> str:
    """Where the invitation leads: the edition (a group role) or the territory."""
    if invitation.group is not None:
        return invitation.group.edition.title
    return invitation.territory.name


# Writes --------------------------------------------------------------------------------------


def _check_group_invitation(group: Group, role: str, email: str) -> None:
    if group.edition.status == EditionStatus.CLOSED:
        raise ValidationError(_("Cette édition est terminée."), code="closed")
    person = Person.objects.filter(email__iexact=email).first()
    if role == Invitation.Role.FACILITATOR and (person is None or person.company_id is None):
        raise ValidationError(
            _(
                "Un animateur doit être rattaché à son entreprise : créez d'abord sa fiche, "
                "avec cette adresse et son entreprise, puis invitez-le."
            ),
            code="no_employer",
        )
    if person is not None and Membership.objects.filter(person=person, group=group).exists():
        raise ValidationError(
            _("%(person)s fait déjà partie de ce groupe.") % {"person": person.full_name},
            code="duplicate",
        )


def invitation_send(
    *,
    by: Any,
    role: str,
    email: str,
    territory: Territory,
    group: Group | None = None,
    first_name: str = "",
    last_name: str = "",
    language: str = "",
    ip_address: str | None = None,
) -> Invitation:
    """Invite someone by email, in their language (their account's, else `language`).

    Only staff of the territory may invite; a group role needs a group of that territory, a
    project manager none.
    """
    if territory.pk not in roles_of(by).staff.territory_ids:
        raise PermissionDenied
    if role not in Invitation.Role.values:
        raise ValidationError(_("Ce rôle n'existe pas."), code="role")
    if (role in GROUP_ROLES) != (group is not None):
        raise ValidationError(_("Ce rôle ne va pas avec ce groupe."), code="role")
    if group is not None and group.edition.territory_id != territory.pk:
        raise PermissionDenied
    email = normalize_email(email)
    account = User.objects.filter(email=email).first()
    if group is not None:
        _check_group_invitation(group, role, email)
    elif (
        account is not None
        and ProjectManager.objects.filter(territory=territory, user=account).exists()
    ):
        raise ValidationError(
            _("Cette personne est déjà chef de projet de ce territoire."), code="duplicate"
        )
    language = account.language if account is not None else (language or settings.LANGUAGE_CODE)
    raw = secrets.token_urlsafe(32)
    with transaction.atomic():
        invitation = Invitation.objects.create(
            email=email,
            first_name=first_name,
            last_name=last_name,
            role=role,
            territory=territory,
            group=group,
            language=language,
            token_hash=hash_token(raw),
            invited_by=by,
            expires_at=timezone.now() + INVITATION_VALIDITY,
        )
        _send(invitation, raw)
        audit(
            by,
            "editions.invitation.sent",
            obj=invitation,
            territory_id=territory.pk,
            ip_address=ip_address,
            role=role,
        )
    return invitation


def _send(invitation: Invitation, raw: str) -> None:
    """The email carries a link, the role and where it leads: nothing confidential."""
    url = settings.SITE_URL.rstrip("/") + reverse("editions:invitation", kwargs={"token": raw})
    with translation.override(invitation.language):
        subject = _("Invitation à rejoindre Maillage")
        body = render_to_string(
            "editions/email/invitation.txt",
            {
                "invitation": invitation,
                "inviter": invitation.invited_by,
                "role": invitation.get_role_display(),
                "place": place(invitation),
                "url": url,
            },
        )
    EmailMessage(
        subject=subject,
        body=body,
        to=[invitation.email],
        headers={"Content-Language": invitation.language},
    ).send()


def invitation_accept(
    *,
    token: str,
    user: User | None = None,
    password: str = "",
    ip_address: str | None = None,
) -> User:
    """Accept an invitation: the account (the logged-in `user`, the one with the invited
    address, or a new one with `password`, or none: then login links), then the role row,
    through the services that check the group's rules. Raises InvitationRefused, or
    ValidationError when a rule refuses the role (the invitation stays unused)."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("territory", "group__edition")
            .filter(token_hash=hash_token(token))
            .first()
        )
        status = invitation_status(invitation)
        if invitation is None or status != "valid":
            raise InvitationRefused(status)
        email = normalize_email(invitation.email)
        if user is not None and normalize_email(user.email) != email:
            raise InvitationRefused("wrong_account")
        account = user or User.objects.filter(email=email).first()
        if account is None:
            name = f"{invitation.first_name} {invitation.last_name}".strip()
            account = User.objects.create_user(
                email=email,
                password=password or None,
                display_name=name,
                language=invitation.language,
            )
            audit(account, "accounts.user.created", obj=account, ip_address=ip_address)
        elif not account.is_active:
            raise InvitationRefused("invalid")
        if invitation.group is not None:
            person = _person_for(account, invitation)
            editions_services.membership_add(
                group=invitation.group, person=person, role=invitation.role, by=account
            )
        else:
            territories_services.project_manager_add(
                territory=invitation.territory, user=account, by=account, ip_address=ip_address
            )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = account
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        audit(
            account,
            "editions.invitation.accepted",
            obj=invitation,
            territory_id=invitation.territory_id,
            ip_address=ip_address,
            role=invitation.role,
        )
    return account


def _person_for(account: User, invitation: Invitation) -> Person:
    """The account's person, else the person with the invited address, else a new one."""
    person = Person.objects.filter(user=account).first()
    if person is None:
        person = Person.objects.filter(email__iexact=invitation.email).first()
        if person is not None and person.user_id not in (None, account.pk):
            raise ValidationError(
                _("Cette adresse appartient à une autre personne du programme."), code="taken"
            )
    if person is None:
        person = Person.objects.create(
            first_name=invitation.first_name or invitation.email.split("@")[0],
            last_name=invitation.last_name,
            email=invitation.email,
            user=account,
        )
    elif person.user_id is None:
        person.user = account
        person.save(update_fields=["user"])
    return person
