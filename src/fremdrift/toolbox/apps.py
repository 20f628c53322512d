from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToolboxConfig(AppConfig):
    name = "fremdrift.toolbox"
    verbose_name = _("Værktøjskasse")
    default_auto_field = "django.db.models.BigAutoField"
