from django.urls import path

from fremdrift.plans import views

app_name = "plans"
urlpatterns = [
    path("borger/<int:citizen_pk>/", views.plan_detail, name="detail"),
    path("borger/<int:citizen_pk>/rediger/", views.plan_edit, name="edit"),
    path("borger/<int:citizen_pk>/delmaal/", views.sub_goal_new, name="add_sub_goal"),
    path("borger/<int:citizen_pk>/udskriv.pdf", views.plan_pdf, name="pdf"),
    path("delmaal/<int:pk>/rediger/", views.sub_goal_edit, name="edit_sub_goal"),
    path("delmaal/<int:pk>/status/", views.sub_goal_status, name="set_status"),
    path("delmaal/<int:pk>/opfoelgning/", views.follow_up, name="follow_up"),
    path("delmaal/<int:pk>/slet/", views.sub_goal_delete, name="remove_sub_goal"),
]
