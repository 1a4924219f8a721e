from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "baken.referrals"
    label = "referrals"
