"""Django's select and input widgets written out in Python, byte for byte as its templates.

A widget renders through three or four nested templates per option ("select.html" includes
"select_option.html", which includes "attrs.html"); a month picker with sixty months cost the
dashboard about 2 ms per select. The output here is the same markup, built with the same
escaping and localisation the templates apply (tests/core/test_widget_html.py renders every
widget both ways and compares). Anything these functions do not know is left to the
templates: `render` answers None.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.safestring import SafeData, SafeString, mark_safe

_WIDGETS = "django/forms/widgets/"
SELECT = f"{_WIDGETS}select.html"
OPTION = f"{_WIDGETS}select_option.html"
# The templates that are exactly `{% include "django/forms/widgets/input.html" %}`.
INPUTS = frozenset(
    f"{_WIDGETS}{name}.html"
    for name in (
        "input",
        "text",
        "hidden",
        "number",
        "date",
        "datetime",
        "time",
        "email",
        "password",
        "search",
        "tel",
        "url",
        "color",
    )
)
# What render_value_in_context needs of a template context: the settings' defaults.
_CONTEXT = Context()


def render(template_name: str, context: Mapping[str, Any]) -> SafeString | None:
    """The widget's markup, or None to let its template render it."""
    widget = context.get("widget")
    if not isinstance(widget, Mapping):
        return None
    if template_name == SELECT:
        return _select(widget)
    if template_name in INPUTS:
        return mark_safe(_input(widget))  # noqa: S308 - every part escaped above
    return None


def _out(value: object) -> str:
    """`{{ value }}`: localised and escaped unless already safe."""
    return str(render_value_in_context(value, _CONTEXT))


def _formatted(value: object) -> str:
    """`{{ value|stringformat:'s' }}` (the filter keeps a safe string safe)."""
    if isinstance(value, tuple):
        value = str(value)
    text = "%s" % (value,)  # noqa: UP031 - exactly what the filter does
    return _out(mark_safe(text) if isinstance(value, SafeData) else text)  # noqa: S308


def _attrs(attrs: Mapping[str, Any]) -> str:
    """attrs.html."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_out(name)}" if value is True else f' {_out(name)}="{_formatted(value)}"')
    return "".join(parts)


def _input(widget: Mapping[str, Any]) -> str:
    """input.html."""
    value = widget["value"]
    shown = "" if value is None else f' value="{_formatted(value)}"'
    return (
        f'<input type="{_out(widget["type"])}" name="{_out(widget["name"])}"{shown}'
        f"{_attrs(widget['attrs'])}>"
    )


def _select(widget: Mapping[str, Any]) -> SafeString | None:
    """select.html with select_option.html for each option; the trailing newline of the
    option template stays, the select's own is stripped as the renderer strips it."""
    parts = [f'<select name="{_out(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_out(group_name)}">')
        for option in group_choices:
            if option.get("template_name") != OPTION:
                return None
            parts.append(
                f'\n  <option value="{_formatted(option["value"])}"'
                f"{_attrs(option['attrs'])}>{_out(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 - every part escaped above
