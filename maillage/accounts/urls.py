from django.urls import path

from maillage.accounts import views

app_name = "accounts"

urlpatterns = [
    path("connexion/", views.login, name="login"),
    path("connexion/lien/", views.magic_link_request, name="magic_link_request"),
    path("connexion/lien/envoye/", views.magic_link_sent, name="magic_link_sent"),
    path("connexion/lien/<str:token>/", views.magic_link, name="magic_link"),
    path("deconnexion/", views.logout, name="logout"),
]
