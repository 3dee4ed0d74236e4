"""Networks, territories, companies, people and reference data in the admin.

Staff (see admin_scope.py): network admins add and change the territories of their networks
and remove project managers from them (project managers are added by invitation); staff
rectify the records of the people and companies of their territories (members and
applicants); reference data (communes, activity codes) is read-only for them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Q
from django.http import HttpRequest

from maillage.core.audit import audit
from maillage.territories import services
from maillage.territories.admin_scope import StaffScopedAdmin
from maillage.territories.models import (
    ActivityCode,
    Commune,
    Company,
    Network,
    NetworkAdmin,
    Person,
    ProjectManager,
    Territory,
)
from maillage.territories.permissions import StaffScope


def changed_fields(form: Any) -> list[str]:
    """The names of the fields a form changed (never their values: the trail is not a copy
    of the personal data)."""
    return sorted(form.changed_data)


class NetworkAdminInline(admin.TabularInline[NetworkAdmin, Network]):
    model = NetworkAdmin
    raw_id_fields = ["user"]
    extra = 0


def staff_roles_saved(request: HttpRequest, formset: Any) -> None:
    """Staff roles added (or given to another account) in a formset: the account logs in again
    with its second factor (`services.staff_role_granted`). Roles removed: audited."""
    changed = [role for role, fields in formset.changed_objects if "user" in fields]
    for role in [*formset.new_objects, *changed]:
        if isinstance(role, (ProjectManager, NetworkAdmin)):
            services.staff_role_granted(role=role, by=request.user)
    for role in formset.deleted_objects:
        if isinstance(role, ProjectManager):
            action, territory_id = "territories.project_manager.removed", role.territory_id
        elif isinstance(role, NetworkAdmin):
            action, territory_id = "territories.network_admin.removed", None
        else:
            continue
        audit(request.user, action, obj=role, territory_id=territory_id, user_id=role.user_id)


@admin.register(Network)
class NetworkModelAdmin(admin.ModelAdmin[Network]):
    list_display = ["name", "slug"]
    inlines = [NetworkAdminInline]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        staff_roles_saved(request, formset)


class ProjectManagerInline(admin.TabularInline[ProjectManager, Territory]):
    model = ProjectManager
    raw_id_fields = ["user"]
    extra = 0


class StaffProjectManagerInline(admin.TabularInline[ProjectManager, Territory]):
    """A network admin sees a territory's project managers and may remove one; adding one is
    an invitation (the new project manager sets up their account and second factor)."""

    model = ProjectManager
    fields = ["user"]
    readonly_fields = ["user"]
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return True  # the parent territory was checked (network admins only)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return True


@admin.register(Territory)
class TerritoryAdmin(StaffScopedAdmin[Territory]):
    list_display = ["name", "organiser", "network", "time_zone"]
    list_select_related = ["network"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["communes"]
    inlines = [ProjectManagerInline]

    territory_path = ""
    networks_only = True
    staff_actions = frozenset({"view", "add", "change"})
    staff_fields = [
        "network",
        "name",
        "slug",
        "organiser",
        "communes",
        "time_zone",
        "holiday_subdivision",
        "school_zone",
    ]
    staff_fixed_on_change = ["network"]
    staff_choices = {"network": None}

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        scope = self.staff_scope(request)
        if scope is not None and db_field.name == "network":
            kwargs["queryset"] = Network.objects.filter(pk__in=scope.admin_network_ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_prepopulated_fields(self, request: HttpRequest, obj: Any = None) -> dict[str, Any]:
        return dict(self.prepopulated_fields)

    def staff_inlines(self) -> list[Any]:
        return [StaffProjectManagerInline]

    def audit_change(self, request: HttpRequest, obj: Territory, form: Any, change: bool) -> None:
        action = "territories.territory.changed" if change else "territories.territory.added"
        audit(request.user, action, obj=obj, territory_id=obj.pk, fields=changed_fields(form))

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        staff_roles_saved(request, formset)


class ReferenceDataAdmin[M: Commune | ActivityCode](StaffScopedAdmin[M]):
    """The same for everyone; staff may look (the company form's lookups), not change."""

    territory_path = None
    staff_actions = frozenset({"view"})


@admin.register(Commune)
class CommuneAdmin(ReferenceDataAdmin[Commune]):
    list_display = ["name", "insee_code", "postal_code", "department"]
    search_fields = ["name", "insee_code", "postal_code"]
    staff_readonly_fields = [
        "insee_code",
        "name",
        "postal_code",
        "department",
        "latitude",
        "longitude",
    ]


@admin.register(ActivityCode)
class ActivityCodeAdmin(ReferenceDataAdmin[ActivityCode]):
    list_display = ["code", "label", "section", "nomenclature"]
    list_filter = ["nomenclature", "section"]
    search_fields = ["code", "label"]
    staff_readonly_fields = ["nomenclature", "code", "label", "section", "section_label"]


def person_scope_q(prefix: str, scope: StaffScope) -> Any:
    """People of the staff's territories: members of their groups, applicants to their
    editions (`prefix` leads from the model to Person)."""
    return scope.territories(f"{prefix}memberships__group__edition__territory") | scope.territories(
        f"{prefix}applications__edition__territory"
    )


def _territory_ids_of(people: Any) -> list[int]:
    return sorted(
        Territory.objects.filter(
            Q(editions__groups__memberships__person__in=people)
            | Q(editions__applications__person__in=people)
        )
        .values_list("pk", flat=True)
        .distinct()
    )


def audit_per_person_territory(
    request: HttpRequest, action: str, obj: Person | Company, people: Any, form: Any
) -> None:
    """One entry per territory where these people are members or applicants (so that each
    territory's trail shows it); none of them: one entry, network-wide."""
    territory_ids: list[int | None] = [*_territory_ids_of(people)] or [None]
    for territory_id in territory_ids:
        audit(request.user, action, obj=obj, territory_id=territory_id, fields=changed_fields(form))


@admin.register(Company)
class CompanyAdmin(StaffScopedAdmin[Company]):
    list_display = ["name", "siren", "activity", "headcount_band", "commune"]
    list_select_related = ["activity", "commune"]
    list_filter = ["headcount_band", "activity__section"]
    search_fields = ["name", "siren", "siret"]
    raw_id_fields = ["activity", "commune"]
    # The logo is changed on the company's page only (checked, audited, served with checks).
    exclude = ["logo"]

    staff_actions = frozenset({"view", "change"})
    staff_fields = [
        "name",
        "siren",
        "siret",
        "activity",
        "headcount_band",
        "commune",
        "address",
        "latitude",
        "longitude",
        "website",
        "description",
    ]
    staff_choices = {"activity": None, "commune": None}

    def scope_q(self, scope: StaffScope) -> Any:
        return person_scope_q("people__", scope)

    def audit_change(self, request: HttpRequest, obj: Company, form: Any, change: bool) -> None:
        audit_per_person_territory(
            request, "territories.company.changed", obj, Person.objects.filter(company=obj), form
        )


@admin.register(Person)
class PersonAdmin(StaffScopedAdmin[Person]):
    list_display = ["last_name", "first_name", "email", "company", "directory_consent"]
    list_select_related = ["company"]
    # Also the search of the forms' person boxes (autocomplete_fields), within get_queryset's
    # rows: for staff, the people of their territories.
    search_fields = ["last_name", "first_name", "email"]
    ordering = ["last_name", "first_name", "pk"]  # pages of answers that do not overlap
    raw_id_fields = ["company", "user"]

    staff_actions = frozenset({"view", "change"})
    staff_fields = ["first_name", "last_name", "phone", "job_title"]
    # The address is how invitations and survey links find a person (and an account): not
    # for staff to redirect. Consents are the person's own choice. The company: where
    # facilitator rules apply, changed by the app's pages.
    staff_readonly_fields = [
        "email",
        "company",
        "directory_consent",
        "email_consent",
        "quote_consent",
    ]

    def scope_q(self, scope: StaffScope) -> Any:
        return person_scope_q("", scope)

    def audit_change(self, request: HttpRequest, obj: Person, form: Any, change: bool) -> None:
        audit_per_person_territory(
            request, "territories.person.changed", obj, Person.objects.filter(pk=obj.pk), form
        )
