from django.urls import path

from maillage.editions import views

app_name = "editions"

urlpatterns = [
    path("annuaire/", views.directory, name="directory"),
    path("personnes/<int:person_id>/", views.person_detail, name="person"),
    path("entreprises/<int:company_id>/", views.company_detail, name="company"),
]
