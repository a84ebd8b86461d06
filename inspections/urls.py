from django.urls import path  # noqa: F401

from inspections import views  # noqa: F401

app_name = "inspections"

urlpatterns = []
