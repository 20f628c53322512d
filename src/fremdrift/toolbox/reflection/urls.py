"""URLs of the toolbox part reflection (included by toolbox/urls.py, namespace "toolbox")."""

from __future__ import annotations

from django.urls import URLPattern, path

from fremdrift.toolbox.reflection import views

urlpatterns: list[URLPattern] = [
    path("viden/", views.knowledge, name="knowledge"),
    path("viden/praesentation/", views.knowledge_present, name="knowledge_present"),
    path("viden/pdf/", views.knowledge_pdf, name="knowledge_pdf"),
    path("viden/noter/<int:pk>/ret/", views.reflection_edit, name="reflection_edit"),
    path("viden/noter/<int:pk>/slet/", views.reflection_delete, name="reflection_delete"),
]
