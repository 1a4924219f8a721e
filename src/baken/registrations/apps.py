from django.apps import AppConfig


class RegistrationsConfig(AppConfig):
    name = "baken.registrations"
    label = "registrations"
