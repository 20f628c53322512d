from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseImportConfig(AppConfig):
    name = "fremdrift.caseimport"
    label = "caseimport"
    verbose_name = _("Import af sagsdata")
