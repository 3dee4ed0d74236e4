from django.contrib import admin

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


class NetworkAdminInline(admin.TabularInline[NetworkAdmin, Network]):
    model = NetworkAdmin
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Network)
class NetworkModelAdmin(admin.ModelAdmin[Network]):
    list_display = ["name", "slug"]
    inlines = [NetworkAdminInline]


class ProjectManagerInline(admin.TabularInline[ProjectManager, Territory]):
    model = ProjectManager
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin[Territory]):
    list_display = ["name", "organiser", "network", "time_zone"]
    list_select_related = ["network"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["communes"]
    inlines = [ProjectManagerInline]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin[Commune]):
    list_display = ["name", "insee_code", "postal_code", "department"]
    search_fields = ["name", "insee_code", "postal_code"]


@admin.register(ActivityCode)
class ActivityCodeAdmin(admin.ModelAdmin[ActivityCode]):
    list_display = ["code", "label", "section", "nomenclature"]
    list_filter = ["nomenclature", "section"]
    search_fields = ["code", "label"]


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin[Company]):
    list_display = ["name", "siren", "activity", "headcount_band", "commune"]
    list_select_related = ["activity", "commune"]
    list_filter = ["headcount_band", "activity__section"]
    search_fields = ["name", "siren", "siret"]
    raw_id_fields = ["activity", "commune"]
    # The logo is changed on the company's page only (checked, audited, served with checks).
    exclude = ["logo"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin[Person]):
    list_display = ["last_name", "first_name", "email", "company", "directory_consent"]
    list_select_related = ["company"]
    search_fields = ["last_name", "first_name", "email"]
    raw_id_fields = ["company", "user"]
