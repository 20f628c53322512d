from django.urls import path

from fremdrift.conversations import views

app_name = "conversations"
urlpatterns = [
    path("borger/<int:citizen_pk>/", views.conversation_list, name="list"),
    path("borger/<int:citizen_pk>/ny/", views.conversation_new, name="new"),
    path("<int:pk>/", views.conversation_detail, name="detail"),
    path("<int:pk>/journal/<int:entry_pk>/rediger/", views.entry_edit, name="edit_entry"),
    path("<int:pk>/journal/<int:entry_pk>/underskriv/", views.entry_sign, name="sign_entry"),
    path("<int:pk>/journal/<int:entry_pk>/ret/", views.entry_correct, name="correct_entry"),
    path("skabelon/", views.template_edit, name="template"),
]
