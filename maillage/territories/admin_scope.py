"""The admin for staff: each model admin that staff may open says what they may do there, on
which rows (their territories) and with which choices.

Superusers (and Django's staff accounts) keep Django's admin and its permissions. A network
admin or a project manager gets, on a `StaffScopedAdmin`:

- the rows of their territories only (`territory_path`: the lookup from the model to its
  territory; None for reference data, the same for everyone); a row outside them answers
  404, as everywhere in the app;
- the actions of `staff_actions` ("view", "add", "change", "delete"), in place of Django's
  model permissions (staff hold none);
- the fields of `staff_fields`, editable, and `staff_readonly_fields`;
- for each foreign key of `staff_choices`, the related rows of their territories only
  (a plain select: raw-id widgets would name any row; a search box for those of
  `autocomplete_fields`, whose answers are the rows the related model's admin shows them, see
  admin_site.FormAutocompleteJsonView); None: reference data, any row. A foreign key that is
  not there is never in a staff form.

Saves that have a service go through it (`save_through_service`): its business rules are
checked before the save, with the form (a failed rule is a form error, not a 500), then the
service runs for real, and writes its audit entry. Other saves write one (`audit_change`).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.http import Http404, HttpRequest

from maillage.territories.permissions import StaffScope, staff_scope

ACTIONS = frozenset({"view", "add", "change", "delete"})


def admin_staff_scope(request: HttpRequest) -> StaffScope | None:
    """The scope of a network admin or project manager in the admin; None for superusers and
    everyone else (Django's permissions apply to them)."""
    user: Any = request.user
    if not user.is_active or user.is_superuser:
        return None
    scope = staff_scope(user)
    return scope if scope.is_staff else None


class _DryRun(Exception):
    pass


def dry_run(call: Callable[[], object]) -> None:
    """Run `call` and undo every write it made; its ValidationError goes through."""
    try:
        with transaction.atomic():
            call()
            raise _DryRun
    except _DryRun:
        pass


def copy_fields(source: models.Model, target: models.Model) -> None:
    """Make `target` (the admin's form instance) the row `source` (what the service saved)."""
    for field in source._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    target._state.adding = False
    target._state.db = source._state.db


def keep_other_fields(saved: models.Model, obj: models.Model) -> None:
    """A service created `saved` from some of `obj`'s fields: save the others the form set."""
    names = [
        field.attname
        for field in saved._meta.concrete_fields
        if field.editable
        and not field.primary_key
        and getattr(saved, field.attname) != getattr(obj, field.attname)
    ]
    if names:
        for name in names:
            setattr(saved, name, getattr(obj, name))
        saved.save(update_fields=names)


def add_validation_error(form: forms.BaseForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class StaffScopedAdmin[M: models.Model](admin.ModelAdmin[M]):
    territory_path: str | None = ""
    networks_only = False  # network admins only (project managers see nothing here)
    staff_actions: frozenset[str] = frozenset()
    staff_fields: Sequence[str] = ()
    staff_readonly_fields: Sequence[str] = ()
    # On a change, shown but not editable (e.g. an edition's territory).
    staff_fixed_on_change: Sequence[str] = ()
    staff_choices: dict[str, str | None] = {}  # foreign key → territory path from its model
    uses_service = False

    # Scope -----------------------------------------------------------------------------------

    def staff_scope(self, request: HttpRequest) -> StaffScope | None:
        return admin_staff_scope(request)

    def scope_q(self, scope: StaffScope) -> Q:
        if self.territory_path is None:
            return Q()
        return scope.territories(self.territory_path, networks_only=self.networks_only)

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[M]:
        queryset = super().get_queryset(request)
        scope = self.staff_scope(request)
        if scope is None:
            return queryset
        if not self.staff_actions:
            return queryset.none()
        # A subquery: paths through many-valued relations would repeat rows.
        inside = self.model._default_manager.filter(self.scope_q(scope)).values("pk")
        return queryset.filter(pk__in=inside)

    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> M | None:
        obj = super().get_object(request, object_id, from_field)
        if obj is None and self.staff_scope(request) is not None:
            raise Http404  # outside their territories, or no such row: the same answer
        return obj

    def in_scope(self, request: HttpRequest, obj: M) -> bool:
        return self.get_queryset(request).filter(pk=obj.pk).exists()

    # Permissions -----------------------------------------------------------------------------

    def _staff_may(self, request: HttpRequest, action: str, obj: M | None) -> bool | None:
        """None: not staff (Django's permissions apply)."""
        scope = self.staff_scope(request)
        if scope is None:
            return None
        if action not in self.staff_actions:
            return False
        if self.networks_only and not scope.admin_network_ids:
            return False
        return obj is None or obj.pk is None or self.in_scope(request, obj)

    def has_module_permission(self, request: HttpRequest) -> bool:
        allowed = self._staff_may(request, "view", None)
        if allowed is None:
            return super().has_module_permission(request)
        return bool(self.staff_actions) and (
            allowed or bool(self._staff_may(request, "change", None))
        )

    def has_view_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        allowed = self._staff_may(request, "view", obj)
        if allowed is None:
            return super().has_view_permission(request, obj)
        return allowed or bool(self._staff_may(request, "change", obj))

    def has_add_permission(self, request: HttpRequest) -> bool:
        allowed = self._staff_may(request, "add", None)
        return super().has_add_permission(request) if allowed is None else allowed

    def has_change_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        allowed = self._staff_may(request, "change", obj)
        return super().has_change_permission(request, obj) if allowed is None else allowed

    def has_delete_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        allowed = self._staff_may(request, "delete", obj)
        return super().has_delete_permission(request, obj) if allowed is None else allowed

    # Forms -----------------------------------------------------------------------------------

    def get_fields(self, request: HttpRequest, obj: M | None = None) -> Any:
        if self.staff_scope(request) is None:
            return super().get_fields(request, obj)
        return [*self.staff_fields, *self.staff_readonly_fields]

    def get_readonly_fields(self, request: HttpRequest, obj: M | None = None) -> Any:
        if self.staff_scope(request) is None:
            return super().get_readonly_fields(request, obj)
        fixed = self.staff_fixed_on_change if obj is not None else ()
        return [*self.staff_readonly_fields, *fixed]

    def get_inlines(self, request: HttpRequest, obj: M | None) -> Any:
        if self.staff_scope(request) is None:
            return super().get_inlines(request, obj)
        return self.staff_inlines()

    def staff_inlines(self) -> list[Any]:
        return []

    def get_list_filter(self, request: HttpRequest) -> Any:
        """Staff filter on related rows of their own rows only (not every territory's)."""
        filters = super().get_list_filter(request)
        if self.staff_scope(request) is None:
            return filters
        return [self._only_related(entry) for entry in filters]

    def _only_related(self, entry: Any) -> Any:
        if not isinstance(entry, str):
            return entry
        try:
            field = get_fields_from_path(self.model, entry)[-1]
        except FieldDoesNotExist:
            return entry
        if field.is_relation:
            return (entry, admin.RelatedOnlyFieldListFilter)
        return entry

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField[Any] | None:
        scope = self.staff_scope(request)
        if scope is not None:
            if db_field.name not in self.staff_choices:
                return None  # never offered to staff (not in their fields)
            related = db_field.related_model
            path = self.staff_choices[db_field.name]
            if path is None:
                return super().formfield_for_foreignkey(db_field, request, **kwargs)
            inside = related._default_manager.filter(
                self.choice_q(db_field.name, path, scope)
            ).values("pk")
            kwargs["queryset"] = related._default_manager.filter(pk__in=inside)
            if db_field.name not in self.get_autocomplete_fields(request):
                kwargs["widget"] = forms.Select
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def choice_q(self, name: str, path: str, scope: StaffScope) -> Q:
        """The related rows staff may choose for the foreign key `name`."""
        return scope.territories(path, networks_only=self.networks_only)

    def get_form(
        self, request: HttpRequest, obj: M | None = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form_class = super().get_form(request, obj, change=change, **kwargs)
        if not self.uses_service:
            return form_class
        model_admin = self

        class ServiceCheckedForm(form_class):  # type: ignore[misc,valid-type]
            """Checks the service's rules on the would-be row, with nothing saved."""

            def _post_clean(self) -> None:
                super()._post_clean()
                if self.errors:
                    return
                try:
                    # On a copy: the form's instance must not become the row undone here.
                    instance = copy.copy(self.instance)
                    dry_run(
                        lambda: model_admin.save_through_service(request, instance, self, change)
                    )
                except ValidationError as error:
                    add_validation_error(self, error)

        return ServiceCheckedForm

    # Saves -----------------------------------------------------------------------------------

    def save_model(self, request: HttpRequest, obj: M, form: Any, change: bool) -> None:
        if self.uses_service:
            self.save_through_service(request, obj, form, change)
            return
        super().save_model(request, obj, form, change)
        self.audit_change(request, obj, form, change)

    def save_through_service(self, request: HttpRequest, obj: M, form: Any, change: bool) -> None:
        """Save `obj` through the app's service (and copy the saved row onto `obj`)."""
        raise NotImplementedError

    def audit_change(self, request: HttpRequest, obj: M, form: Any, change: bool) -> None:
        """Saves without a service write their audit entry here."""
