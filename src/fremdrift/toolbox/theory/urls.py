"""URLs of the toolbox part theory (included by toolbox/urls.py, namespace "toolbox")."""

from __future__ import annotations

from django.urls import URLPattern, path

from fremdrift.toolbox.theory import views

urlpatterns: list[URLPattern] = [
    path("forandringsteori/", views.theory_list, name="theory_list"),
    path("forandringsteori/ny/", views.theory_create_view, name="theory_create"),
    path("forandringsteori/<int:pk>/", views.theory_detail, name="theory_detail"),
    path("forandringsteori/<int:pk>/trin/<int:step>/", views.theory_step, name="theory_step"),
    path(
        "forandringsteori/<int:pk>/punkt/<int:item_pk>/",
        views.theory_item_edit,
        name="theory_item_edit",
    ),
    path(
        "forandringsteori/<int:pk>/punkt/<int:item_pk>/slet/",
        views.theory_item_delete,
        name="theory_item_delete",
    ),
    path(
        "forandringsteori/<int:pk>/ny-version/",
        views.theory_new_version_view,
        name="theory_new_version",
    ),
    path("forandringsteori/<int:pk>/deling/", views.theory_share, name="theory_share"),
    path("forandringsteori/<int:pk>/pdf/", views.theory_pdf, name="theory_pdf"),
    path("forandringsteori/<int:pk>/praesentation/", views.theory_present, name="theory_present"),
]
