from django.urls import path

from fremdrift.activation import views

app_name = "activation"
urlpatterns = [
    path("strategi/", views.strategy, name="strategy"),
    path("under-maalet/", views.under_target, name="under_target"),
    path("borger/<int:citizen_pk>/", views.citizen, name="citizen"),
    path("timer/<int:pk>/afslut/", views.ordinary_hours_end, name="ordinary_hours_end"),
]
