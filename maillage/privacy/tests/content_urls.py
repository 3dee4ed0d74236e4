"""The project's URLs plus a stand-in page of group content, as the minutes pages will be."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from maillage.editions.charter import require_charter
from maillage.editions.permissions import get_group_for_user


def group_content(request: HttpRequest, group_id: int) -> HttpResponse:
    group = get_group_for_user(request.user, group_id, content=True)
    require_charter(request.user, group)
    return HttpResponse("contenu confidentiel")


urlpatterns = [
    path("essai/groupes/<int:group_id>/contenu/", group_content, name="test_group_content"),
    path("", include("config.urls")),
]
