from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fremdrift.core"
    label = "core"
    verbose_name = "Fremdrift"
