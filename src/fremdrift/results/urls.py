from django.urls import path

from fremdrift.results import views

app_name = "results"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("maanedsbog/", views.monthly_book, name="monthly_book"),
    path("aarsrapport.pdf", views.annual_report, name="annual_report"),
    path("tvaergaaende/", views.facilitator_dashboard, name="across"),
    path("tvaergaaende/aarsrapport.pdf", views.facilitator_report, name="across_report"),
    path(
        "tvaergaaende/aarsrapport/status/",
        views.facilitator_report_status,
        name="across_report_status",
    ),
    path("api/tal", views.figures_api, name="api"),
]
