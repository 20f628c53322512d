from django.urls import path

from fremdrift.competences import views

app_name = "competences"
urlpatterns = [
    path("borger/<int:citizen_pk>/", views.card, name="card"),
    path("borger/<int:citizen_pk>/ny/", views.entry_new, name="entry_new"),
    path("borger/<int:citizen_pk>/reference.pdf", views.reference_pdf, name="pdf"),
    path("<int:pk>/vurdering/", views.assess, name="assess"),
]
