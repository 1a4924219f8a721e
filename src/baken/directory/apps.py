from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "baken.directory"
    label = "directory"
