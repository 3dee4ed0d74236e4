from django.contrib import admin

from maillage.editions.models import (
    Application,
    Edition,
    FormationRun,
    Group,
    Membership,
    RecruitmentSettings,
)


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin[Edition]):
    list_display = ["__str__", "territory", "opening_date", "closing_date", "preparation_status"]
    list_select_related = ["territory"]
    list_filter = ["territory"]


class MembershipInline(admin.TabularInline[Membership, Group]):
    model = Membership
    raw_id_fields = ["person"]
    extra = 0


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin[Group]):
    list_display = ["name", "edition"]
    list_select_related = ["edition__territory"]
    list_filter = ["edition__territory"]
    inlines = [MembershipInline]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin[Application]):
    list_display = ["__str__", "edition", "role", "status", "company_name", "submitted_at"]
    list_select_related = ["edition__territory"]
    list_filter = ["edition__territory", "status", "role", "source"]
    search_fields = ["first_name", "last_name", "email", "company_name", "siret"]
    raw_id_fields = ["person", "activity", "commune", "decided_by"]


@admin.register(RecruitmentSettings)
class RecruitmentSettingsAdmin(admin.ModelAdmin[RecruitmentSettings]):
    list_display = ["territory", "min_firm_age_years", "must_have_hired", "max_headcount"]


@admin.register(FormationRun)
class FormationRunAdmin(admin.ModelAdmin[FormationRun]):
    list_display = ["__str__", "edition", "status", "engine_objective", "moves", "created_at"]
    list_select_related = ["edition__territory"]
    list_filter = ["edition__territory", "status"]
    readonly_fields = ["instance", "result", "locked"]
    raw_id_fields = ["parent", "created_by", "published_by"]
