"""docs/figures.md lists every figure's definition exactly as the product shows it."""

from __future__ import annotations

from pathlib import Path

from django.utils import translation

from fremdrift.results.definitions import FIGURES

DOC = Path(__file__).resolve().parents[2] / "docs" / "figures.md"


def test_every_definition_is_in_docs_figures_md():
    text = DOC.read_text()
    with translation.override("da"):
        for figure in FIGURES.values():
            assert f"### {figure.code}: {figure.name}" in text
            for part in (figure.population, figure.numerator, figure.reference, figure.source):
                assert str(part) in text, (figure.code, str(part)[:40])
