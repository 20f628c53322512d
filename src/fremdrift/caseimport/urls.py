from django.urls import path

from fremdrift.caseimport import views

app_name = "caseimport"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("eksempel/<str:kind>.csv", views.example, name="example"),
    path("koersel/<str:key>/", views.progress, name="progress"),
]
