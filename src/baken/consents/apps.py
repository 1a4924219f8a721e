from django.apps import AppConfig


class ConsentsConfig(AppConfig):
    name = "baken.consents"
    label = "consents"
