"""The admin site: superusers (everything, as Django's admin), and staff (network admins and
project managers), who see their territories only (see admin_scope.py).

Everyone enters only through a login that passed its second factor (superusers too: the login
asks them for it as it asks staff, see `core.roles.is_staff_member`): a member who logged in
without one and was made project manager since then logs in again. Logging in and changing
one's password go through the app's own pages.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, URLResolver, path
from django.utils.translation import gettext_lazy as _

from maillage.accounts import sessions
from maillage.accounts.views import admin_login
from maillage.territories.permissions import staff_scope


class StaffAdminSite(admin.AdminSite):
    site_header = _("Administration de Maillage")
    site_title = _("Administration de Maillage")
    index_title = _("Administration")

    def has_permission(self, request: HttpRequest) -> bool:
        """Superusers, Django's staff accounts (with their Django permissions) and staff, each
        after a login that passed the second factor."""
        user: Any = request.user
        if not user.is_active:  # anonymous users are not active either
            return False
        if not (user.is_superuser or user.is_staff or staff_scope(user).is_staff):
            return False
        return sessions.second_factor_passed(request.session, user)

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        return admin_login(request)

    def password_change(  # type: ignore[override]
        self, request: HttpRequest, extra_context: Any = None
    ) -> HttpResponse:
        return redirect("accounts:password_change")

    def password_change_done(  # type: ignore[override]
        self, request: HttpRequest, extra_context: Any = None
    ) -> HttpResponse:
        return redirect("accounts:security")

    def autocomplete_view(self, request: HttpRequest) -> HttpResponse:
        view: Any = FormAutocompleteJsonView.as_view(admin_site=self)
        response: HttpResponse = view(request)
        return response

    def get_urls(self) -> list[URLResolver | URLPattern]:
        """Django's "view on site" redirect answers for any object of any model: only for
        those who had the admin before staff did (superusers, Django staff accounts)."""
        urls = super().get_urls()
        for index, pattern in enumerate(urls):
            if isinstance(pattern, URLPattern) and pattern.name == "view_on_site":
                urls[index] = path(
                    str(pattern.pattern),
                    self.admin_view(_view_on_site(pattern.callback)),
                    name="view_on_site",
                )
        return urls


def _view_on_site(view: Any) -> Any:
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user: Any = request.user
        if not (user.is_superuser or user.is_staff):
            raise Http404
        response: HttpResponse = view(request, *args, **kwargs)
        return response

    return guarded


class FormAutocompleteJsonView(AutocompleteJsonView):
    """The search box of a form's foreign key (`autocomplete_fields`).

    Django's answers the rows that the searched model's admin shows this user (for staff, the
    people of their territories: `PersonAdmin.get_queryset`), matched by its `search_fields`,
    for any foreign key named in the request. Here only for a field a form of this user
    searches: an autocomplete field of its model's admin, which this user may add or change
    with and whose form offers them that field (an inline's field answers through its model's
    own admin). Any other field: 403."""

    def has_perm(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return super().has_perm(request, obj) and self.form_searches(request)

    def serialize_result(self, obj: Model, to_field_name: str) -> dict[str, Any]:
        """A person's e-mail beside their name: two people of the same name are told apart."""
        result: dict[str, Any] = super().serialize_result(obj, to_field_name)
        email = getattr(obj, "email", "")
        if email:
            result["text"] = f"{result['text']} ({email})"
        return result

    def form_searches(self, request: HttpRequest) -> bool:
        field = self.source_field
        assert self.admin_site is not None
        try:
            source_admin = self.admin_site.get_model_admin(field.model)
        except NotRegistered:
            return False
        return (
            field.name in source_admin.get_autocomplete_fields(request)
            and (
                source_admin.has_add_permission(request)
                or source_admin.has_change_permission(request)
            )
            and source_admin.formfield_for_dbfield(field, request) is not None
        )
