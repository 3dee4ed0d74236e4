from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from maillage.accounts.services import LoginRefused, current_password_check


class PasswordLoginForm(forms.Form):
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class MagicLinkRequestForm(forms.Form):
    """Rendered beside the password form, hence its prefix (distinct field ids)."""

    prefix = "lien"

    email = forms.EmailField(
        label=_("Adresse e-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].help_text = _(
            "Nous vous envoyons un lien de connexion, valable %(minutes)s minutes."
        ) % {"minutes": settings.MAGIC_LINK_VALIDITY_SECONDS // 60}


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label=_("Code de vérification"),
        max_length=32,
        help_text=_(
            "Le code à six chiffres de votre application d'authentification, ou l'un de vos "
            "codes de secours."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )


class TotpConfirmForm(forms.Form):
    code = forms.CharField(
        label=_("Code affiché par l'application"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )


class PasswordChangeForm(forms.Form):
    """The current password (when the account has one), then the new one twice."""

    old_password = forms.CharField(
        label=_("Mot de passe actuel"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password1 = forms.CharField(
        label=_("Nouveau mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label=_("Nouveau mot de passe, une seconde fois"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, user: Any, *args: Any, ip_address: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.ip_address = ip_address
        self.fields[
            "new_password1"
        ].help_text = password_validation.password_validators_help_text_html()
        if not user.has_usable_password():
            del self.fields["old_password"]

    def clean_old_password(self) -> str:
        password: str = self.cleaned_data["old_password"]
        try:
            current_password_check(user=self.user, password=password, ip_address=self.ip_address)
        except LoginRefused as refused:
            if refused.code == "too_many_attempts":
                raise forms.ValidationError(refused.message, code=refused.code) from refused
            raise forms.ValidationError(
                _("Le mot de passe actuel est incorrect."), code="password_incorrect"
            ) from refused
        return password

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("new_password1"), cleaned.get("new_password2")
        if first and second:
            if first != second:
                self.add_error(
                    "new_password2",
                    forms.ValidationError(
                        _("Les deux mots de passe ne sont pas identiques."),
                        code="password_mismatch",
                    ),
                )
            else:
                try:
                    password_validation.validate_password(first, self.user)
                except forms.ValidationError as error:
                    self.add_error("new_password1", error)
        return cleaned
