from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseImportConfig(AppConfig):
    name = "fremdrift.caseimport"
    label = "caseimport"
    verbose_name = _("Import af sagsdata")

    def ready(self) -> None:
        from fremdrift.caseimport.services import unscoped_remove_stale_queued_imports
        from fremdrift.core.housekeeping import register_cleanup

        register_cleanup(unscoped_remove_stale_queued_imports)
