from django.urls import path

from fremdrift.citizens import caseload_views, views

app_name = "citizens"
urlpatterns = [
    path("", views.citizen_list, name="list"),
    path("ny/", views.citizen_new, name="new"),
    path("overtag/", views.citizen_takeover, name="takeover"),
    path("<int:pk>/", views.citizen_detail, name="detail"),
    path("<int:pk>/rediger/", views.citizen_edit, name="edit"),
    path("<int:pk>/cpr/", views.citizen_reveal, name="reveal_cpr"),
    path("sagsstammer/", caseload_views.caseloads, name="caseloads"),
    path("sagsstammer/<int:user_pk>/", caseload_views.caseload_move, name="caseload_move"),
]
