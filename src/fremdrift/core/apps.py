from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fremdrift.core"
    label = "core"
    verbose_name = "Fremdrift"

    def ready(self) -> None:
        # Register the Unicode-aware LIKE for SQLite connections and the deployment checks.
        from fremdrift.core import checks, sqlite_like  # noqa: F401
