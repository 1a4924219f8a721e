from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "baken.reports"
    label = "reports"
