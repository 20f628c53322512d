from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitizensConfig(AppConfig):
    name = "fremdrift.citizens"
    label = "citizens"
    verbose_name = _("Borgere")

    def ready(self) -> None:
        from fremdrift.citizens import field_key  # noqa: F401 - registers its start check
