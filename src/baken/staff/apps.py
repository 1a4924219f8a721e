from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "baken.staff"
    label = "staff"
