"""Meetings in the admin: metadata only. Minutes are group-confidential and not registered here."""

from django.contrib import admin

from maillage.meetings.models import Meeting


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin[Meeting]):
    list_display = ["__str__", "group", "edition", "kind", "starts_at", "status"]
    list_select_related = ["group", "edition__territory"]
    list_filter = ["kind", "status", "edition__territory"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["group", "edition", "host_company"]
