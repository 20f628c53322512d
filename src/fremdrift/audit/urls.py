from django.urls import path

from fremdrift.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.audit_search, name="search"),
    path("borger/<int:pk>/", views.audit_citizen, name="citizen"),
    path("borger/<int:pk>/eksport.csv", views.audit_citizen_export, name="export"),
    path("borger/<int:pk>/indsigt.pdf", views.audit_citizen_pdf, name="export_pdf"),
    path("borger/<int:pk>/indsigtsrapport/", views.access_report_request, name="report_request"),
    path("indsigtsrapport/<str:key>/", views.access_report_progress, name="report_progress"),
    path(
        "indsigtsrapport/hent/<int:pk>/indsigt.pdf",
        views.access_report_download,
        name="report_download",
    ),
]
