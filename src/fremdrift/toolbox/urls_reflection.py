"""URLs of the toolbox part reflection (included by toolbox/urls.py, namespace "toolbox")."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
