"""The directory's search form: its choices come from what the user may see."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from maillage.core.templatetags.options import options_html, selecting
from maillage.core.uploads import Kind, accepted_extensions, check_upload
from maillage.editions import directory
from maillage.editions.models import Membership
from maillage.editions.permissions import roles_of
from maillage.editions.selectors import (
    ALUMNUS,
    DirectoryQuery,
    directory_editions,
    directory_territories,
    edition_territory,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class PlainSelect(forms.Select):
    """A select written in one pass: a national network's directory offers two thousand
    communes, and rendering a template per option took most of the page's time."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        options = options_html(self.choices)
        for chosen in self.format_value(value):
            options = selecting(options, chosen)
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            options,
        )


class DirectorySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Nom ou entreprise"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    sector = forms.ChoiceField(label=_("Secteur"), required=False)
    commune = forms.CharField(
        label=_("Commune"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "list": "directory-communes"}),
    )
    # Shown when the user sees people of several territories (a network admin's hundred): the
    # editions to choose from are then those of the territory chosen.
    territory = forms.TypedChoiceField(
        label=_("Territoire"), required=False, coerce=int, widget=PlainSelect
    )
    edition = forms.TypedChoiceField(
        label=_("Édition"), required=False, coerce=int, widget=PlainSelect
    )
    role = forms.ChoiceField(
        label=_("Rôle"),
        required=False,
        choices=[
            ("", _("Tous")),
            (Membership.Role.LEADER, _("Dirigeants")),
            (Membership.Role.FACILITATOR, _("Animateurs")),
            (ALUMNUS, pgettext_lazy("directory filter", "Anciens")),
        ],
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        found = directory.directory_for(user)
        self._choose("sector", [(letter, f"{letter} – {label}") for letter, label in found.sectors])
        self.commune_suggestions = directory.commune_suggestions(user)
        self.user = user
        territories = directory_territories(user)
        if len(territories) > 1:
            self._choose("territory", territories, _("Tous"))
            chosen = self._chosen_territory({pk for pk, _name in territories})
            # None chosen: the editions of the one territory the user belongs to, if one (a
            # member of a national network); a network admin chooses a territory first.
            own = roles_of(user).territory_ids
            if chosen is None and len(own) == 1:
                chosen = next(iter(own))
        else:
            del self.fields["territory"]
            chosen = territories[0][0] if territories else None
        if chosen is not None:
            self._choose("edition", directory_editions(chosen), _("Toutes"))
        else:
            edition = self.fields["edition"]
            self._choose("edition", [], _("Toutes"))
            edition.disabled = True
            if territories:
                edition.help_text = _("Choisissez d'abord un territoire.")

    def _chosen_territory(self, territory_ids: set[int]) -> int | None:
        """The territory asked for; else, that of the edition asked for (a link may name only
        the edition)."""
        if not self.is_bound:
            return None
        territory = str(self.data.get("territory", ""))
        if territory.isdigit() and int(territory) in territory_ids:
            return int(territory)
        edition = str(self.data.get("edition", ""))
        return edition_territory(int(edition), territory_ids) if edition.isdigit() else None

    def _choose(
        self, name: str, choices: list[tuple[Any, str]], every: StrOrPromise | None = None
    ) -> None:
        field = cast(forms.ChoiceField, self.fields[name])
        field.choices = [("", every or _("Tous")), *choices]

    def to_query(self) -> DirectoryQuery:
        """The search asked for; a field with an invalid value is left out (and shown in error)."""
        data = self.cleaned_data if self.is_valid() else getattr(self, "cleaned_data", {})
        return DirectoryQuery(
            text=data.get("q") or "",
            sector=data.get("sector") or "",
            commune_ids=(
                directory.communes_matching(self.user, data["commune"])
                if data.get("commune", "").strip()
                else None
            ),
            territory_id=data.get("territory") or None,
            edition_id=data.get("edition") or None,
            role=data.get("role") or "",
        )


class CompanyLogoForm(forms.Form):
    logo = forms.FileField(
        label=_("Nouveau logo"),
        help_text=_("PNG, JPEG ou WebP, 1 Mo au plus."),
        widget=forms.FileInput(attrs={"accept": accepted_extensions(Kind.LOGO)}),
    )

    def clean_logo(self) -> Any:
        upload = self.cleaned_data["logo"]
        check_upload(upload, Kind.LOGO)
        return upload
