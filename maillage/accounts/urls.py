from django.urls import path

from maillage.accounts import views

app_name = "accounts"

urlpatterns = [
    path("connexion/", views.login, name="login"),
    path("connexion/lien/", views.magic_link_request, name="magic_link_request"),
    path("connexion/lien/envoye/", views.magic_link_sent, name="magic_link_sent"),
    path("connexion/lien/<str:token>/", views.magic_link, name="magic_link"),
    path("connexion/code/", views.second_factor, name="second_factor"),
    path(
        "connexion/double-authentification/",
        views.two_factor_setup_at_login,
        name="two_factor_setup_at_login",
    ),
    path("deconnexion/", views.logout, name="logout"),
    path("compte/securite/", views.security, name="security"),
    path(
        "compte/securite/double-authentification/",
        views.two_factor_setup,
        name="two_factor_setup",
    ),
    path(
        "compte/securite/double-authentification/codes/",
        views.recovery_codes_renew,
        name="recovery_codes_renew",
    ),
    path(
        "compte/securite/double-authentification/desactiver/",
        views.two_factor_disable,
        name="two_factor_disable",
    ),
    path("compte/securite/mot-de-passe/", views.password_change, name="password_change"),
    path(
        "compte/securite/deconnexion-partout/",
        views.logout_everywhere,
        name="logout_everywhere",
    ),
]
