from django.urls import path

from maillage.core import views

urlpatterns = [
    path("", views.home, name="home"),
]
