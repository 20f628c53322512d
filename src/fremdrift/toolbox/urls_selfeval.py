"""URLs of the toolbox part selfeval (included by toolbox/urls.py, namespace "toolbox")."""

from __future__ import annotations

from django.urls import URLPattern, path

from fremdrift.toolbox.views import selfeval

urlpatterns: list[URLPattern] = [
    path("selvevaluering/", selfeval.selfeval_list, name="selfeval_list"),
    path("selvevaluering/ny/", selfeval.selfeval_create, name="selfeval_create"),
    path("selvevaluering/<int:pk>/", selfeval.selfeval_detail, name="selfeval_detail"),
    path("selvevaluering/<int:pk>/svar/", selfeval.selfeval_answer, name="selfeval_answer"),
    path("selvevaluering/<int:pk>/luk/", selfeval.selfeval_close, name="selfeval_close"),
    path("selvevaluering/<int:pk>/pdf/", selfeval.selfeval_pdf, name="selfeval_pdf"),
    path(
        "selvevaluering/<int:pk>/praesentation/",
        selfeval.selfeval_present,
        name="selfeval_present",
    ),
]
