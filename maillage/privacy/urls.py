from django.urls import path

from maillage.privacy import views

app_name = "privacy"

urlpatterns = [
    path("mes-donnees/", views.my_data, name="my_data"),
    path("mes-donnees/export.json", views.my_data_download, name="my_data_download"),
    path("mes-donnees/consentements/", views.consents, name="consents"),
    path("mes-donnees/effacement/", views.erase, name="erase"),
    path("groupes/<int:group_id>/charte/", views.charter, name="charter"),
    path("journal/", views.trail_index, name="trail_index"),
    path("territoires/<slug:slug>/journal/", views.territory_trail, name="territory_trail"),
]
