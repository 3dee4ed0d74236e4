"""Editions, groups and memberships in the admin.

Staff (see territories/admin_scope.py) create and change the editions and groups of their
territories and put the selected leaders and facilitators in groups, or end a membership:
through the services, so that the composition rules apply and the audit entries are written.
Applications and formation runs stay on the app's recruitment pages.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _

from maillage.core.audit import audit
from maillage.editions import services
from maillage.editions.models import (
    Application,
    Edition,
    FormationRun,
    Group,
    Membership,
    RecruitmentSettings,
)
from maillage.editions.recruitment.services import recruitment_settings_save
from maillage.territories.admin import changed_fields, person_scope_q
from maillage.territories.admin_scope import StaffScopedAdmin, copy_fields, keep_other_fields
from maillage.territories.permissions import StaffScope


@admin.register(Edition)
class EditionAdmin(StaffScopedAdmin[Edition]):
    list_display = ["__str__", "territory", "opening_date", "closing_date", "preparation_status"]
    list_select_related = ["territory"]
    list_filter = ["territory"]

    territory_path = "territory"
    staff_actions = frozenset({"view", "add", "change"})
    staff_fields = [
        "territory",
        "number",
        "opening_date",
        "duration_months",
        "min_leaders",
        "max_leaders",
        "facilitators_per_group",
        "absence_alert_threshold",
    ]
    # Recruiting → forming is a step of the app's edition page (edition_start_forming).
    staff_readonly_fields = ["preparation_status", "closing_date"]
    staff_fixed_on_change = ["territory", "number"]
    staff_choices = {"territory": ""}
    uses_service = True

    def save_through_service(
        self, request: HttpRequest, obj: Edition, form: Any, change: bool
    ) -> None:
        if change:
            obj.save()
            audit(
                request.user,
                "editions.edition.changed",
                obj=obj,
                territory_id=obj.territory_id,
                fields=changed_fields(form),
            )
            return
        edition = services.edition_create(
            territory=obj.territory,
            number=obj.number,
            opening_date=obj.opening_date,
            by=request.user,
            duration_months=obj.duration_months,
            min_leaders=obj.min_leaders,
            max_leaders=obj.max_leaders,
            facilitators_per_group=obj.facilitators_per_group,
        )
        keep_other_fields(edition, obj)
        copy_fields(edition, obj)


class GroupChoiceField(forms.ModelChoiceField[Group]):
    """Editions reuse their groups' names: each group is named with its edition."""

    def label_from_instance(self, obj: Group) -> str:
        return f"{obj.name} · {obj.edition}"


class MembershipInline(admin.TabularInline[Membership, Group]):
    model = Membership
    autocomplete_fields = ["person"]
    extra = 0


@admin.register(Group)
class GroupAdmin(StaffScopedAdmin[Group]):
    list_display = ["name", "edition"]
    list_select_related = ["edition__territory"]
    list_filter = ["edition__territory"]
    inlines = [MembershipInline]

    territory_path = "edition__territory"
    staff_actions = frozenset({"view", "add", "change"})
    staff_fields = ["edition", "name", "meeting_weekday", "meeting_time"]
    staff_fixed_on_change = ["edition"]
    staff_choices = {"edition": "territory"}
    uses_service = True

    def save_through_service(
        self, request: HttpRequest, obj: Group, form: Any, change: bool
    ) -> None:
        if change:
            obj.save()
            audit(
                request.user,
                "editions.group.changed",
                obj=obj,
                territory_id=obj.edition.territory_id,
                fields=changed_fields(form),
            )
            return
        group = services.group_create(edition=obj.edition, name=obj.name, by=request.user)
        keep_other_fields(group, obj)
        copy_fields(group, obj)


@admin.register(Membership)
class MembershipAdmin(StaffScopedAdmin[Membership]):
    """A person in a group: added through `membership_add` (its composition rules), ended
    through `membership_end`; nothing else changes here."""

    list_display = ["person", "group", "role", "joined_on", "left_on"]
    list_select_related = ["person", "group__edition__territory"]
    list_filter = ["role", "group__edition__territory"]
    search_fields = ["person__last_name", "person__first_name", "group__name"]
    raw_id_fields = ["group"]
    # A search box (by name or email) among the people of the staff's territories, not a
    # select of thousands.
    autocomplete_fields = ["person"]

    territory_path = "group__edition__territory"
    staff_actions = frozenset({"view", "add", "change"})
    staff_fields = ["group", "person", "role", "joined_on", "left_on"]
    staff_fixed_on_change = ["group", "person", "role", "joined_on"]
    staff_choices = {"group": "edition__territory", "person": ""}
    uses_service = True

    def choice_q(self, name: str, path: str, scope: StaffScope) -> Q:
        if name == "person":
            # The people of the staff's territories: members, and applicants (the selected
            # leaders and facilitators are applicants first).
            return person_scope_q("", scope)
        return super().choice_q(name, path, scope)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "group":
            kwargs["form_class"] = GroupChoiceField
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if isinstance(field, GroupChoiceField) and field.queryset is not None:
            field.queryset = field.queryset.select_related("edition")
        return field

    def save_through_service(
        self, request: HttpRequest, obj: Membership, form: Any, change: bool
    ) -> None:
        if not change:
            membership = services.membership_add(
                group=obj.group,
                person=obj.person,
                role=obj.role,
                by=request.user,
                joined_on=obj.joined_on,
            )
            copy_fields(membership, obj)
            return
        saved = Membership.objects.select_related("group__edition").get(pk=obj.pk)
        if saved.left_on is None and obj.left_on is not None:
            services.membership_end(membership=saved, by=request.user, left_on=obj.left_on)
            keep_other_fields(saved, obj)  # a superuser's other changes
            copy_fields(saved, obj)
            return
        if saved.left_on != obj.left_on and self.staff_scope(request) is not None:
            raise ValidationError(
                _("Cette personne a déjà quitté le groupe : sa date de départ reste."),
                code="already_left",
            )
        obj.save()
        audit(
            request.user,
            "editions.membership.changed",
            obj=obj,
            territory_id=saved.group.edition.territory_id,
            fields=changed_fields(form),
        )


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin[Application]):
    list_display = ["__str__", "edition", "role", "status", "company_name", "submitted_at"]
    list_select_related = ["edition__territory"]
    list_filter = ["edition__territory", "status", "role", "source"]
    search_fields = ["first_name", "last_name", "email", "company_name", "siret"]
    raw_id_fields = ["activity", "commune", "decided_by"]
    autocomplete_fields = ["person"]


@admin.register(RecruitmentSettings)
class RecruitmentSettingsAdmin(StaffScopedAdmin[RecruitmentSettings]):
    list_display = ["territory", "min_firm_age_years", "must_have_hired", "max_headcount"]

    territory_path = "territory"
    staff_actions = frozenset({"view", "add", "change"})
    staff_fields = [
        "territory",
        "min_firm_age_years",
        "must_have_hired",
        "max_headcount",
        "territory_communes_only",
        "theme_choices",
    ]
    staff_fixed_on_change = ["territory"]
    staff_choices = {"territory": ""}
    uses_service = True

    def save_through_service(
        self, request: HttpRequest, obj: RecruitmentSettings, form: Any, change: bool
    ) -> None:
        names = [name for name in self.staff_fields if name != "territory"]
        rules = recruitment_settings_save(
            territory=obj.territory,
            values={name: getattr(obj, name) for name in names},
            by=request.user,
        )
        copy_fields(rules, obj)


@admin.register(FormationRun)
class FormationRunAdmin(admin.ModelAdmin[FormationRun]):
    list_display = ["__str__", "edition", "status", "engine_objective", "moves", "created_at"]
    list_select_related = ["edition__territory"]
    list_filter = ["edition__territory", "status"]
    readonly_fields = ["instance", "result", "locked"]
    raw_id_fields = ["parent", "created_by", "published_by"]
