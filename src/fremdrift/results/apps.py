from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "fremdrift.results"
    label = "results"
    verbose_name = _("Resultater")

    def ready(self) -> None:
        # The domain apps announce their changes (core.changes) instead of importing the
        # figures: this is where the figures start listening.
        from fremdrift.core import changes
        from fremdrift.results.refresh import follow, rebuild_municipality

        changes.register(follower=follow, reloader=rebuild_municipality)
