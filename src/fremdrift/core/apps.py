from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fremdrift.core"
    label = "core"
    verbose_name = "Fremdrift"

    def ready(self) -> None:
        # Registers the Unicode-aware LIKE for SQLite connections (see the module).
        from fremdrift.core import sqlite_like  # noqa: F401
