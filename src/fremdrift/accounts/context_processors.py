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
            nav.append(("journey:rules", _("Regler for frister")))
            nav.append(("journey:offer_types", _("Tilbudstyper")))
            nav.append(("activation:strategy", _("Aktiveringsstrategi")))
            nav.append(("conversations:template", _("Journalskabelon")))
            # The administrator's too (MANAGE_RETENTION goes with MANAGE_USERS in the roles).
            nav.append(("retention:rule", _("Sletning")))
        if user.can(Permission.IMPORT_CASES):
            nav.append(("caseimport:upload", _("Import")))
        if user.can(Permission.MANAGE_INSTRUMENTS):
            nav.append(("instruments:list", _("Spørgeskemaer")))
    items = []
    for url_name, label in nav:
        url = _url(url_name, get_script_prefix(), get_urlconf())
        items.append({"url": url, "label": label, "current": request.path.startswith(url)})
    prefix, urlconf = get_script_prefix(), get_urlconf()
    links = {name: _url(name, prefix, urlconf) for name in _PAGE_LINKS}
    return {"nav_items": items, "page_links": links}


# The links every page's header and footer carry (base.html).
_PAGE_LINKS = ("home", "set_language", "logout", "healthz")


@lru_cache(maxsize=256)
def _url(url_name: str, script_prefix: str, urlconf: str | None) -> str:
    """A link without arguments, looked up once per process (and prefix and URL
    configuration, the only things it depends on): a dozen `reverse` calls cost every page
    about half a millisecond."""
    return reverse(url_name, urlconf=urlconf)
