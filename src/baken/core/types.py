"""Typing aid: views behind ``role_required`` receive a signed-in Baken user."""

from django.http import HttpRequest

from .models import User


class AuthedRequest(HttpRequest):
    user: User
