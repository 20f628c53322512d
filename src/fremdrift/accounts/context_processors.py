"""The menu: what each role may open, on every page."""

from __future__ import annotations

from functools import lru_cache

from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

from fremdrift.accounts.roles import Permission, Role


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    nav: list[tuple[str, object]] = []
    if user is not None and user.is_authenticated:
        if user.can(Permission.VIEW_CITIZEN):
            nav.append(("citizens:list", _("Borgere")))
            nav.append(("journey:worklist", _("Arbejdsliste")))
            nav.append(("journey:board", _("Tavle")))
            nav.append(("activation:under_target", _("Aktivering")))
            nav.append(("companies:list", _("Virksomheder")))
            nav.append(("companies:referrals", _("Henvisninger")))
            nav.append(("progression:report", _("Progression")))
        if user.can(Permission.VIEW_RESULTS):
            nav.append(("results:dashboard", _("Resultater")))
        if user.can(Permission.VIEW_TOOLBOX):
            nav.append(("toolbox:index", _("Værktøjer")))
        if user.can(Permission.VIEW_AUDIT_LOG):
            nav.append(("audit:search", _("Revisionslog")))
        if user.role == Role.FACILITATOR:
            nav.append(("overview", _("Overblik")))
            nav.append(("results:across", _("På tværs")))
            nav.append(("toolbox:index", _("Delte dokumenter")))
        if user.can(Permission.IMPORT_STATISTICS):
            nav.append(("statistics:import", _("Statistik")))
        if user.can(Permission.MANAGE_USERS):
            nav.append(("accounts:users", _("Brugere")))
            nav.append(("accounts:teams", _("Teams")))
            nav.append(("journey:rules", _("Regler for frister")))
            nav.append(("journey:offer_types", _("Tilbudstyper")))
            nav.append(("activation:strategy", _("Aktiveringsstrategi")))
            nav.append(("conversations:template", _("Journalskabelon")))
            # The administrator's too (MANAGE_RETENTION goes with MANAGE_USERS in the roles).
            nav.append(("retention:rule", _("Sletning")))
        nav += [(name, label) for permission, name, label in _LAST if user.can(permission)]
    items = _items(nav, request.path)
    prefix, urlconf = get_script_prefix(), get_urlconf()
    links = {name: _url(name, prefix, urlconf) for name in _PAGE_LINKS}
    return {"nav_items": items, "page_links": links}


def _items(nav: list[tuple[str, object]], path: str) -> list[dict[str, object]]:
    prefix, urlconf = get_script_prefix(), get_urlconf()
    items: list[dict[str, object]] = [
        {"url": _url(url_name, prefix, urlconf), "label": label, "current": False}
        for url_name, label in nav
    ]
    # The entry with the longest address the page lies under (Teams under Brugere).
    under = [item for item in items if path.startswith(str(item["url"]))]
    if under:
        max(under, key=lambda item: len(str(item["url"])))["current"] = True
    return items


# The menu's last entries, each for the roles with its permission.
_LAST = (
    (Permission.MANAGE_CASELOADS, "citizens:caseloads", _("Sagsstammer")),
    (Permission.IMPORT_CASES, "caseimport:upload", _("Import")),
    (Permission.MANAGE_INSTRUMENTS, "instruments:list", _("Spørgeskemaer")),
    (Permission.CONFIGURE_SIGN_IN, "sso:providers", _("Kommunernes login")),
)

# The links every page's header and footer carry (base.html).
_PAGE_LINKS = ("home", "set_language", "logout", "healthz")


@lru_cache(maxsize=256)
def _url(url_name: str, script_prefix: str, urlconf: str | None) -> str:
    """A link without arguments, looked up once per process (and prefix and URL
    configuration, the only things it depends on): a dozen `reverse` calls cost every page
    about half a millisecond."""
    return reverse(url_name, urlconf=urlconf)
