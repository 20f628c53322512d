"""The toolbox URLs in the municipality boundary test (tests/test_boundary.py).

Each part of the toolbox keeps its entries in its own boundary_<part>.py module; this one
gathers them. The documents are the municipality's own: other municipalities, the
administrator and the facilitator (the documents in the fixtures are not shared) get 404.
"""

from __future__ import annotations

import importlib
import pkgutil

import tests.toolbox

OBJECT_URLS: dict[str, tuple[str, set[str], str, dict]] = {}
FIXTURES: list[str] = []

for _module in pkgutil.iter_modules(tests.toolbox.__path__):
    if _module.name.startswith("boundary_"):
        _part = importlib.import_module(f"tests.toolbox.{_module.name}")
        OBJECT_URLS.update(_part.OBJECT_URLS)
        FIXTURES += list(_part.FIXTURES)
        globals().update({name: getattr(_part, name) for name in _part.FIXTURES})
