from django.urls import path

from . import views

app_name = "hsds"

# The paths of the HSDS 3.0 OpenAPI, which have no trailing slash.
urlpatterns = [
    path("services", views.service_list, name="services"),
    path("services/<str:service_id>", views.service_detail, name="service"),
    path("organizations", views.organization_list, name="organizations"),
    path("organizations/<str:organization_id>", views.organization_detail, name="organization"),
]
