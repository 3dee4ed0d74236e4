"""Recruitment's pages (included by `maillage/editions/urls.py`, same namespace)."""

from django.urls import path

from maillage.editions.recruitment import formation_views, views

urlpatterns = [
    path("candidater/<int:edition_id>/", views.apply, name="apply"),
    path("candidater/<int:edition_id>/merci/", views.apply_thanks, name="apply_thanks"),
    path("editions/<int:edition_id>/candidatures/", views.application_list, name="applications"),
    path(
        "editions/<int:edition_id>/candidatures/import/",
        views.applications_import,
        name="applications_import",
    ),
    path("candidatures/<int:application_id>/", views.application_detail, name="application"),
    path(
        "territoires/<slug:slug>/recrutement/",
        views.recruitment_settings,
        name="recruitment_settings",
    ),
    path(
        "territoires/<slug:slug>/historique/",
        views.history_import_view,
        name="history_import",
    ),
    path("editions/<int:edition_id>/constitution/", formation_views.formation, name="formation"),
    path(
        "editions/<int:edition_id>/constitution/modifier/",
        formation_views.formation_change,
        name="formation_change",
    ),
    path(
        "editions/<int:edition_id>/constitution/publier/",
        formation_views.formation_publish,
        name="formation_publish",
    ),
]
