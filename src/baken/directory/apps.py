from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "baken.directory"
    label = "directory"

    def ready(self) -> None:
        from .signals import connect_signals

        connect_signals()
