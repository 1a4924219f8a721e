from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "baken.api"
    label = "api"
