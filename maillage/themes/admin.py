from django.contrib import admin

from maillage.themes.models import Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin[Theme]):
    list_display = ["title", "network"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
