from django.urls import path

from fremdrift.instruments import views

app_name = "instruments"
urlpatterns = [
    path("", views.instrument_list, name="list"),
    path("upload/", views.instrument_upload, name="upload"),
    path("<int:pk>/", views.instrument_preview, name="preview"),
    path("<int:pk>/udgiv/", views.instrument_publish, name="publish"),
]
