from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "baken.privacy"
    label = "privacy"
