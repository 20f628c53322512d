from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "fremdrift.demo"
    label = "demo"
    verbose_name = "Demodata"
