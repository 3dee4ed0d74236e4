"""The admin shows surveys and the territories' questions; never invitations or answers (who
answered what stays out of every staff screen)."""

from django.contrib import admin

from maillage.surveys.models import Survey, SurveyQuestion


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin[Survey]):
    list_display = ["kind", "edition", "group", "opens_at", "closes_at"]
    list_filter = ["kind"]


@admin.register(SurveyQuestion)
class SurveyQuestionAdmin(admin.ModelAdmin[SurveyQuestion]):
    list_display = ["label", "territory", "kind", "type", "active"]
    list_filter = ["kind", "active"]
