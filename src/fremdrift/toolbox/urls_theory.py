"""URLs of the toolbox part theory (included by toolbox/urls.py, namespace "toolbox")."""

from __future__ import annotations

from django.urls import URLPattern, path

from fremdrift.toolbox.views import theory

urlpatterns: list[URLPattern] = [
    path("forandringsteori/", theory.theory_list, name="theory_list"),
    path("forandringsteori/ny/", theory.theory_create_view, name="theory_create"),
    path("forandringsteori/<int:pk>/", theory.theory_detail, name="theory_detail"),
    path("forandringsteori/<int:pk>/trin/<int:step>/", theory.theory_step, name="theory_step"),
    path(
        "forandringsteori/<int:pk>/punkt/<int:item_pk>/",
        theory.theory_item_edit,
        name="theory_item_edit",
    ),
    path(
        "forandringsteori/<int:pk>/punkt/<int:item_pk>/slet/",
        theory.theory_item_delete,
        name="theory_item_delete",
    ),
    path(
        "forandringsteori/<int:pk>/ny-version/",
        theory.theory_new_version_view,
        name="theory_new_version",
    ),
    path("forandringsteori/<int:pk>/deling/", theory.theory_share, name="theory_share"),
    path("forandringsteori/<int:pk>/pdf/", theory.theory_pdf, name="theory_pdf"),
    path("forandringsteori/<int:pk>/praesentation/", theory.theory_present, name="theory_present"),
]
