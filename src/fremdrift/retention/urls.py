from django.urls import path

from fremdrift.retention import views

app_name = "retention"
urlpatterns = [
    path("borger/<int:pk>/", views.erase, name="erase"),
    path("regel/", views.rule, name="rule"),
]
