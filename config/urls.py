from django.contrib import admin
from django.urls import include, path

from config.api import api
from maillage.accounts.views import admin_login

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # The admin logs in through our login and its second factor, never its own form.
    path("admin/login/", admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("maillage.accounts.urls")),
    path("", include("maillage.core.urls")),
    path("", include("maillage.editions.urls")),
    path("", include("maillage.meetings.urls")),
    path("", include("maillage.business.urls")),
    path("", include("maillage.themes.urls")),
    path("", include("maillage.surveys.urls")),
    path("", include("maillage.reports.urls")),
    path("", include("maillage.privacy.urls")),
]
