from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JourneyConfig(AppConfig):
    name = "fremdrift.journey"
    label = "journey"
    verbose_name = _("Borgerforløb")

    def ready(self) -> None:
        # The case snapshots follow every write to what they are derived from, in the
        # write's transaction: the journey's own services and the citizens' and the
        # conversations' apps announce their changes (core.changes).
        from fremdrift.core import changes
        from fremdrift.journey.snapshot_services import rebuild_municipality, refresh_citizens

        changes.register(refresher=refresh_citizens, reloader=rebuild_municipality)
