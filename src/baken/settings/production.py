"""Production: PostgreSQL behind a TLS-terminating reverse proxy. Everything comes from the environment."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import BAKEN_FIELD_KEYS, SECRET_KEY, env

if SECRET_KEY.startswith("baken-development") or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Zet SECRET_KEY in de omgeving (minstens 50 tekens).")
if BAKEN_FIELD_KEYS == ["Y2hhbmdlLW1lLWRldmVsb3BtZW50LWtleS0wMDAwMDA="]:
    raise ImproperlyConfigured("Zet BAKEN_FIELD_KEYS in de omgeving (Fernet-sleutels, nieuwste eerst).")

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-baken-session"
CSRF_COOKIE_NAME = "__Host-baken-csrf"
WHITENOISE_USE_FINDERS = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
