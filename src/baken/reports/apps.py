from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "baken.reports"
    label = "reports"

    def ready(self) -> None:
        from .rollups import connect_signals

        connect_signals()
