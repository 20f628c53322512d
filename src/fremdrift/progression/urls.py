from django.urls import path

from fremdrift.progression import views

app_name = "progression"
urlpatterns = [
    path("", views.report, name="report"),
    path("borger/<int:citizen_pk>/", views.citizen_page, name="citizen"),
    path("samtale/<int:pk>/borgerens-skema/<int:step>/", views.citizen_step, name="citizen_step"),
    path("samtale/<int:pk>/borgerens-skema/afslut/", views.citizen_finish, name="citizen_finish"),
    path("samtale/<int:pk>/borgerens-skema/tak/", views.citizen_thanks, name="citizen_thanks"),
    path("samtale/<int:pk>/<slug:respondent>/", views.response_form, name="form"),
    path("samtale/<int:pk>/<slug:respondent>/pdf/", views.response_pdf, name="pdf"),
    path("skema/<slug:respondent>/pdf/", views.blank_pdf, name="blank_pdf"),
]
