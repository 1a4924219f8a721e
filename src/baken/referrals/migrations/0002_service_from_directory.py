"""Referrals point at a service of the sociaal-educatieve kaart; the stand-in Partner goes (ADR 0073).

Existing partners are carried over: each becomes an organisation with one service (same referral ways),
each consultation hour a spreekuur in its branch, and every referral is re-pointed before the old
tables are dropped.
"""

from datetime import date

import django.db.models.deletion
from django.db import migrations, models

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def carry_partners_over(apps, schema_editor):
    Partner = apps.get_model("referrals", "Partner")
    Referral = apps.get_model("referrals", "Referral")
    Organization = apps.get_model("directory", "Organization")
    Service = apps.get_model("directory", "Service")
    ServiceTerm = apps.get_model("directory", "ServiceTerm")
    Location = apps.get_model("directory", "Location")
    ServiceAtLocation = apps.get_model("directory", "ServiceAtLocation")
    Schedule = apps.get_model("directory", "Schedule")
    for partner in Partner.objects.all():
        org, _ = Organization.objects.get_or_create(
            library_id=partner.library_id, name=partner.name, defaults={"description": partner.name}
        )
        service, _ = Service.objects.get_or_create(
            organization=org,
            name=partner.name,
            defaults={
                "library_id": partner.library_id,
                "description": partner.name,
                "status": "active" if partner.active else "inactive",
                "referral_phone": partner.phone,
                "referral_phone_script": partner.phone_script,
                "referral_email": partner.email,
                "appointment_url": partner.appointment_url,
                # Never checked in the directory: it shows up on the coordinator's task list at once.
                "last_verified_on": date(2000, 1, 1),
            },
        )
        ServiceTerm.objects.get_or_create(service=service, vocabulary="topic", code=partner.topic)
        for hour in partner.consultation_hours.all():
            branch = hour.branch
            location, _ = Location.objects.get_or_create(
                library_id=partner.library_id,
                organization=org,
                branch=branch,
                name=branch.name,
                defaults={
                    "address_1": branch.street_address,
                    "postal_code": branch.postal_code,
                    "city": branch.city,
                    "gemeente_id": branch.gemeente_id,
                },
            )
            sal, _ = ServiceAtLocation.objects.get_or_create(service=service, location=location)
            Schedule.objects.create(
                service_at_location=sal,
                byday=WEEKDAY_CODES[hour.weekday],
                opens_at=hour.starts,
                closes_at=hour.ends,
                is_spreekuur=True,
                where=hour.location,
                host=hour.host,
            )
        Referral.objects.filter(partner=partner).update(service=service)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0001_initial"),
        ("referrals", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="referral",
            name="service",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="referrals",
                to="directory.service",
                verbose_name="service",
            ),
        ),
        migrations.RunPython(carry_partners_over, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="referral",
            name="service",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="referrals",
                to="directory.service",
                verbose_name="service",
            ),
        ),
        migrations.RemoveField(model_name="referral", name="partner"),
        migrations.DeleteModel(name="ConsultationHour"),
        migrations.DeleteModel(name="Partner"),
    ]
