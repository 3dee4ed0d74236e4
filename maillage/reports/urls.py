from django.urls import path

from maillage.reports import views

app_name = "reports"

urlpatterns = [
    path("territoires/<slug:slug>/", views.territory_detail, name="territory"),
    path("editions/<int:edition_id>/", views.edition_detail, name="edition"),
]
