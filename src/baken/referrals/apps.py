from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "baken.referrals"
    label = "referrals"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects the desk-visit retry)
