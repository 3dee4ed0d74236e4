"""Django's admin app, with our site as the default one (`admin.site`, `@admin.register`).

Listed in INSTALLED_APPS instead of "django.contrib.admin"; imports no model (the app registry
loads it before the models)."""

from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    default_site = "maillage.territories.admin_site.StaffAdminSite"
