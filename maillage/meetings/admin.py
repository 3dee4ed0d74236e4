"""Meetings in the admin: metadata only. Minutes are group-confidential and not registered here.

Staff (see territories/admin_scope.py) may look at the meetings of their territories: dates,
venue, status. Rescheduling and cancelling go through the app's meeting pages (they notify the
group and move the calendar feeds); the agenda and who writes the minutes are not shown.
"""

from django.contrib import admin

from maillage.meetings.models import Meeting
from maillage.territories.admin_scope import StaffScopedAdmin


@admin.register(Meeting)
class MeetingAdmin(StaffScopedAdmin[Meeting]):
    list_display = ["__str__", "group", "edition", "kind", "starts_at", "status"]
    list_select_related = ["group", "edition__territory"]
    list_filter = ["kind", "status", "edition__territory"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["group", "edition", "host_company"]

    territory_path = "edition__territory"
    staff_actions = frozenset({"view"})
    staff_readonly_fields = [
        "edition",
        "group",
        "kind",
        "number",
        "starts_at",
        "ends_at",
        "status",
        "venue_name",
        "venue_address",
        "host_company",
    ]
