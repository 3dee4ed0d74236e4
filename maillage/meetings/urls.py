from django.urls import path

from maillage.meetings import views

app_name = "meetings"

urlpatterns = [
    path("groupes/<int:group_id>/", views.group_detail, name="group"),
]
