from django.urls import include, path

from maillage.editions import views
from maillage.editions.invitations import views as invitations

app_name = "editions"

urlpatterns = [
    path("annuaire/", views.directory, name="directory"),
    path("personnes/<int:person_id>/", views.person_detail, name="person"),
    path("entreprises/<int:company_id>/", views.company_detail, name="company"),
    path("entreprises/<int:company_id>/modifier/", views.company_edit, name="company_edit"),
    path("entreprises/<int:company_id>/logo/", views.company_logo, name="company_logo"),
    path("groupes/<int:group_id>/inviter/", invitations.invite_to_group, name="invite_to_group"),
    path(
        "territoires/<slug:slug>/inviter/",
        invitations.invite_project_manager,
        name="invite_project_manager",
    ),
    path("invitations/<str:token>/", invitations.invitation, name="invitation"),
    path("", include("maillage.editions.recruitment.urls")),
]
