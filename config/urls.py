from django.contrib import admin
from django.urls import include, path
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from config.api import api
from maillage.accounts.views import admin_login

# A 404 under /api/ answers the API's JSON error body (maillage.core.views.page_not_found).
handler404 = "maillage.core.views.page_not_found"

urlpatterns = [
    # Django's language switch: the form posts to it; other methods answer 405.
    path("i18n/setlang/", require_POST(set_language), name="set_language"),
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
