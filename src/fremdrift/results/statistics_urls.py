from django.urls import path

from fremdrift.results import statistics_views

app_name = "statistics"
urlpatterns = [
    path("", statistics_views.statistics_import, name="import"),
    path("koersel/<str:key>/", statistics_views.statistics_import_progress, name="progress"),
]
