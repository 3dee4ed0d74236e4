from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from maillage.accounts.models import User
from maillage.accounts.passwords import StaffMinimumLengthValidator
from maillage.editions.models import Invitation


class InvitationSendForm(forms.Form):
    email = forms.EmailField(
        label=_("Adresse e-mail"), widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    first_name = forms.CharField(label=_("Prénom"), max_length=100)
    last_name = forms.CharField(label=_("Nom"), max_length=100)
    role = forms.ChoiceField(label=_("Rôle"))
    language = forms.ChoiceField(
        label=_("Langue de l'invitation"),
        choices=settings.LANGUAGES,
        help_text=_("Si la personne a déjà un compte, l'e-mail part dans la langue du compte."),
    )

    def __init__(self, *args: Any, roles: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Invitation.Role.choices)
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = [(role, labels[role]) for role in roles]
        if len(roles) == 1:
            role_field.initial = roles[0]
            role_field.widget = forms.HiddenInput()
        self.fields["language"].initial = translation.get_language() or settings.LANGUAGE_CODE


class InvitationAcceptForm(forms.Form):
    """For a new account: a password, or none (the account then logs in by emailed links)."""

    password1 = forms.CharField(
        label=_("Mot de passe"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Mot de passe, une seconde fois"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, invitation: Invitation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invitation = invitation
        self.fields["password1"].help_text = _(
            "Facultatif : sans mot de passe, vous vous connecterez avec un lien reçu par e-mail."
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1", ""), cleaned.get("password2", "")
        if not first and not second:
            return cleaned
        if first != second:
            self.add_error(
                "password2",
                forms.ValidationError(
                    _("Les deux mots de passe ne sont pas identiques."), code="password_mismatch"
                ),
            )
            return cleaned
        future = User(email=self.invitation.email, display_name=self.invitation.first_name)
        try:
            password_validation.validate_password(first, future)
            if self.invitation.role == Invitation.Role.PROJECT_MANAGER:
                StaffMinimumLengthValidator().validate(first, future, for_staff=True)
        except forms.ValidationError as error:
            self.add_error("password1", error)
        return cleaned
