from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetentionConfig(AppConfig):
    name = "fremdrift.retention"
    label = "retention"
    verbose_name = _("Sletning af personoplysninger")

    def ready(self) -> None:
        from fremdrift.core.queue import register_periodic
        from fremdrift.retention.jobs import queue_retention_if_due

        register_periodic(queue_retention_if_due)
