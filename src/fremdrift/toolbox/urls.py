from django.urls import path

from fremdrift.toolbox import views
from fremdrift.toolbox.actions import urls as actions_urls
from fremdrift.toolbox.checklist import urls as checklist_urls
from fremdrift.toolbox.method import urls as method_urls
from fremdrift.toolbox.reflection import urls as reflection_urls
from fremdrift.toolbox.selfeval import urls as selfeval_urls
from fremdrift.toolbox.theory import urls as theory_urls

app_name = "toolbox"
urlpatterns = [
    path("", views.index, name="index"),
    *selfeval_urls.urlpatterns,
    *reflection_urls.urlpatterns,
    *theory_urls.urlpatterns,
    *method_urls.urlpatterns,
    *actions_urls.urlpatterns,
    *checklist_urls.urlpatterns,
]
