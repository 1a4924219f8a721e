from django.urls import URLPattern, URLResolver

app_name = "consents"

urlpatterns: list[URLPattern | URLResolver] = []
