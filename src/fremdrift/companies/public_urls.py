"""The one page outside the login: a contact person's follow-up behind a personal link."""

from django.urls import path

from fremdrift.companies.views.follow_up_public import follow_up_public

app_name = "follow_up"
urlpatterns = [
    path("<str:token>/", follow_up_public, name="form"),
]
