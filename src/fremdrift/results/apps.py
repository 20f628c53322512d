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
        from fremdrift.core.housekeeping import register_cleanup
        from fremdrift.core.queue import register_periodic
        from fremdrift.results.refresh import (
            follow,
            queue_figures_rebuild_if_due,
            rebuild_municipality,
        )
        from fremdrift.results.report_cache import remove_old_report_pdfs

        changes.register(follower=follow, reloader=rebuild_municipality)
        register_periodic(queue_figures_rebuild_if_due)
        register_cleanup(remove_old_report_pdfs)
