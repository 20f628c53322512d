"""URLs of the toolbox part reflection (included by toolbox/urls.py, namespace "toolbox")."""

from __future__ import annotations

from django.urls import URLPattern, path

from fremdrift.toolbox.views import reflection

urlpatterns: list[URLPattern] = [
    path("viden/", reflection.knowledge, name="knowledge"),
    path("viden/praesentation/", reflection.knowledge_present, name="knowledge_present"),
    path("viden/pdf/", reflection.knowledge_pdf, name="knowledge_pdf"),
    path("viden/noter/<int:pk>/ret/", reflection.reflection_edit, name="reflection_edit"),
    path("viden/noter/<int:pk>/slet/", reflection.reflection_delete, name="reflection_delete"),
]
