from __future__ import annotations

from django import template

from fremdrift.twofactor.selectors import WIDE_ROLES

register = template.Library()


@register.filter
def wide_access(user: object) -> bool:
    """Whether the header links to the user's own second factor: the roles that need one."""
    return getattr(user, "role", None) in WIDE_ROLES
