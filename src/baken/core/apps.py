from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "baken.core"
    label = "core"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the sign-in audit receivers)
