from django.urls import path

from fremdrift.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.user_list, name="users"),
    path("mig/", views.me, name="me"),
]
