from django.contrib import admin

from maillage.editions.models import Edition, Group, Membership


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
