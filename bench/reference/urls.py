from django.urls import path

from config.urls import urlpatterns as app_urlpatterns

from .views import reference

urlpatterns = [path("bench/reference/", reference, name="bench_reference"), *app_urlpatterns]
