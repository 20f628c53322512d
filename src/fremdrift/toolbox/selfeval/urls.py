"""URLs of the toolbox part selfeval (included by toolbox/urls.py, namespace "toolbox")."""

from __future__ import annotations

from django.urls import URLPattern, path

from fremdrift.toolbox.selfeval import views

urlpatterns: list[URLPattern] = [
    path("selvevaluering/", views.selfeval_list, name="selfeval_list"),
    path("selvevaluering/ny/", views.selfeval_create, name="selfeval_create"),
    path("selvevaluering/<int:pk>/", views.selfeval_detail, name="selfeval_detail"),
    path("selvevaluering/<int:pk>/svar/", views.selfeval_answer, name="selfeval_answer"),
    path("selvevaluering/<int:pk>/luk/", views.selfeval_close, name="selfeval_close"),
    path("selvevaluering/<int:pk>/pdf/", views.selfeval_pdf, name="selfeval_pdf"),
    path(
        "selvevaluering/<int:pk>/praesentation/",
        views.selfeval_present,
        name="selfeval_present",
    ),
]
