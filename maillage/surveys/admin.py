"""The admin shows surveys and the territories' questions; never invitations or answers (who
answered what stays out of every staff screen).

Staff (see territories/admin_scope.py) may look at those of their territories; sending a
survey and writing the territory's questions are the app's survey pages.
"""

from django.contrib import admin

from maillage.surveys.models import Survey, SurveyQuestion
from maillage.territories.admin_scope import StaffScopedAdmin


@admin.register(Survey)
class SurveyAdmin(StaffScopedAdmin[Survey]):
    list_display = ["kind", "edition", "group", "opens_at", "closes_at"]
    list_filter = ["kind"]

    territory_path = "edition__territory"
    staff_actions = frozenset({"view"})
    staff_readonly_fields = ["kind", "edition", "group", "opens_at", "closes_at", "created_at"]


@admin.register(SurveyQuestion)
class SurveyQuestionAdmin(StaffScopedAdmin[SurveyQuestion]):
    list_display = ["label", "territory", "kind", "type", "active"]
    list_filter = ["kind", "active"]

    territory_path = "territory"
    staff_actions = frozenset({"view"})
    staff_readonly_fields = ["territory", "kind", "label", "type", "options", "active"]
