from django.urls import path

from fremdrift.toolbox import (
    urls_actions,
    urls_checklist,
    urls_method,
    urls_reflection,
    urls_selfeval,
    urls_theory,
)
from fremdrift.toolbox.views import index

app_name = "toolbox"
urlpatterns = [
    path("", index.index, name="index"),
    *urls_selfeval.urlpatterns,
    *urls_reflection.urlpatterns,
    *urls_theory.urlpatterns,
    *urls_method.urlpatterns,
    *urls_actions.urlpatterns,
    *urls_checklist.urlpatterns,
]
