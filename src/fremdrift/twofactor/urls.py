from django.urls import path

from fremdrift.twofactor import views

app_name = "twofactor"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("kode/", views.verify, name="verify"),
    path("opsaet/", views.enrol, name="enrol"),
    path("gendannelseskoder/", views.recovery_codes, name="recovery_codes"),
    path("gendannelseskoder/nye/", views.regenerate, name="regenerate"),
    path("nulstil/<int:user_id>/", views.reset, name="reset"),
]
