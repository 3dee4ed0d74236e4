from django.urls import include, path

from maillage.meetings import views

app_name = "meetings"

urlpatterns = [
    path("groupes/<int:group_id>/", views.group_detail, name="group"),
    path("", include("maillage.meetings.meeting_urls")),
]
