from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fremdrift.core"
    label = "core"
    verbose_name = "Fremdrift"

    def ready(self) -> None:
        # Register the Unicode-aware LIKE for SQLite connections and the deployment checks.
        from fremdrift.core import checks, sqlite_like  # noqa: F401
        from fremdrift.core.housekeeping import (
            finished_jobs,
            queue_tidy_up_daily,
            register_cleanup,
            stale_files_and_progress,
        )
        from fremdrift.core.queue import register_periodic

        register_periodic(queue_tidy_up_daily)
        register_cleanup(stale_files_and_progress)
        register_cleanup(finished_jobs)
