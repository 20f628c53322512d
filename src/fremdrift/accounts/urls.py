from django.urls import path

from fremdrift.accounts import user_views, views

app_name = "accounts"
urlpatterns = [
    path("", user_views.user_list, name="users"),
    path("ny/", user_views.user_new, name="user_new"),
    path("<int:pk>/", user_views.user_edit, name="user_edit"),
    path("<int:pk>/deaktiver/", user_views.user_deactivate, name="user_deactivate"),
    path("<int:pk>/genaktiver/", user_views.user_reactivate, name="user_reactivate"),
    path("<int:pk>/ny-adgangskode/", user_views.user_password_reset, name="user_password_reset"),
    path("teams/", user_views.team_list, name="teams"),
    path("teams/<int:pk>/", user_views.team_edit, name="team_edit"),
    path("teams/<int:pk>/luk/", user_views.team_close, name="team_close"),
    path("mig/", views.me, name="me"),
]
