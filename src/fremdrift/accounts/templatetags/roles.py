from django import template

from fremdrift.accounts.roles import Permission

register = template.Library()


@register.filter
def can(user: object, permission: str) -> bool:
    """`{% if user|can:"edit_citizen" %}`: the role table decides, as in the views."""
    checker = getattr(user, "can", None)
    return bool(checker and checker(Permission(permission)))
