from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "baken.security"
    label = "security"
