from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "baken.guidance"
    label = "guidance"
