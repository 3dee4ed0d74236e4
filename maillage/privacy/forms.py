from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.privacy.models import ConsentKind
from maillage.territories.models import Person


class ConsentsForm(forms.Form):
    directory_consent = forms.BooleanField(
        label=_("Apparaître dans l'annuaire au-delà de mon groupe"),
        help_text=_(
            "Les membres des autres groupes du réseau pourront voir votre nom, votre entreprise "
            "et vos coordonnées, et vous être suggérés. Votre groupe vous voit toujours."
        ),
        required=False,
    )
    email_consent = forms.BooleanField(
        label=_("Recevoir les e-mails du programme"),
        help_text=_(
            "Invitations aux rencontres, rappels, nouvelles du réseau. Les e-mails de connexion "
            "et de sécurité partent toujours."
        ),
        required=False,
    )
    quote_consent = forms.BooleanField(
        label=_("Accepter d'être cité"),
        help_text=_(
            "Le réseau peut reprendre vos propos, avec votre nom, dans ses bilans et sa "
            "communication. Jamais ce qui se dit dans le groupe."
        ),
        required=False,
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {kind: getattr(person, kind) for kind in ConsentKind.values})
        super().__init__(*args, **kwargs)


class ErasureForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "Je demande l'effacement de mes données personnelles et la fermeture de mon compte. "
            "Je comprends que c'est définitif."
        ),
        required=True,
    )


class CharterForm(forms.Form):
    accept = forms.BooleanField(
        label=_("J'ai lu la charte de confidentialité du groupe et je m'engage à la respecter."),
        required=True,
    )
    next = forms.CharField(widget=forms.HiddenInput, required=False)


class TrailFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False)

    def __init__(self, *args: Any, actions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        families = {action.split(".", 1)[0] for action in actions} - set(actions)
        options = [(family, f"{family}.*") for family in families]
        options += [(action, action) for action in actions]
        field = self.fields["action"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Toutes les actions")), *sorted(options)]
