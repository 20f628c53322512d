from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "fremdrift.audit"
    label = "audit"
    verbose_name = _("Revisionslog")

    def ready(self) -> None:
        from fremdrift.audit.checkpoints import checkpoint_if_due
        from fremdrift.audit.report_services import unscoped_remove_old_access_reports
        from fremdrift.core.housekeeping import register_cleanup
        from fremdrift.core.queue import register_periodic

        register_periodic(checkpoint_if_due)
        register_cleanup(unscoped_remove_old_access_reports)
