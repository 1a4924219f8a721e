"""Demo data, exactly per the contract in docs/domain.md. Idempotent: run it as often as you like.

Each app may add a ``demo.py`` with a function decorated by ``@demo_loader(order=N)``; ``baken demo``
runs them all in order inside one transaction. Core (tenancy and accounts) runs first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import time

from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from .models import Branch, Gemeente, IdoOpeningHours, Library, User
from .roles import TWO_FACTOR_ROLES, Role

DEMO_PASSWORD = "baken-demo"  # noqa: S105  (published demo password, see docs/domain.md)
# Base32 TOTP secret for demo accounts of roles that need two-factor authentication; demo data only.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # noqa: S105  (published in docs/domain.md)

Loader = Callable[[], None]
_LOADERS: list[tuple[int, str, Loader]] = []


def demo_loader(order: int) -> Callable[[Loader], Loader]:
    def register(func: Loader) -> Loader:
        key = f"{func.__module__}.{func.__qualname__}"
        if all(name != key for _, name, _ in _LOADERS):
            _LOADERS.append((order, key, func))
        return func

    return register


def load_all() -> list[str]:
    autodiscover_modules("demo")
    ran = []
    with transaction.atomic():
        for _order, name, func in sorted(_LOADERS):
            func()
            ran.append(name)
    return ran


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    first_name: str
    last_name: str
    library: str | None = None
    gemeente: str | None = None
    confidentiality_signed: bool = False


GEMEENTEN = [
    ("GM9901", "Zeestad", "zeestad"),
    ("GM9902", "Duinwijk", "duinwijk"),
    ("GM9903", "Dijkdorp", "dijkdorp"),
]
LIBRARIES = [("aanzee", "Bibliotheek Aan Zee"), ("rivierenland", "Bibliotheek Rivierenland")]
BRANCHES = [
    # library, slug, name, gemeente, address, postcode, city, IDO hours (weekday, opens, closes)
    (
        "aanzee",
        "zeestad-centrum",
        "Bibliotheek Zeestad Centrum",
        "zeestad",
        "Havenplein 1",
        "9901 AA",
        "Zeestad",
        [(0, time(10), time(17)), (2, time(10), time(17)), (4, time(13), time(16))],
    ),
    (
        "aanzee",
        "duinwijk",
        "Bibliotheek Duinwijk",
        "duinwijk",
        "Duinweg 12",
        "9902 BB",
        "Duinwijk",
        [(1, time(14), time(16)), (3, time(10), time(12))],
    ),
    (
        "rivierenland",
        "dijkdorp",
        "Bibliotheek Dijkdorp",
        "dijkdorp",
        "Dijkstraat 5",
        "9903 CC",
        "Dijkdorp",
        [(0, time(9, 30), time(12, 30)), (3, time(13), time(17))],
    ),
]
ACCOUNTS = [
    DemoAccount("medewerker.aanzee", Role.MEDEWERKER, "Mirjam", "Zeeman", library="aanzee"),
    DemoAccount("vrijwilliger.aanzee", Role.VRIJWILLIGER, "Vincent", "Strand", library="aanzee"),
    DemoAccount("coordinator.aanzee", Role.COORDINATOR, "Corinne", "Haven", library="aanzee"),
    DemoAccount("privacy.aanzee", Role.PRIVACY, "Pieter", "Duin", library="aanzee"),
    DemoAccount("medewerker.rivierenland", Role.MEDEWERKER, "Romy", "Waal", library="rivierenland"),
    DemoAccount("coordinator.rivierenland", Role.COORDINATOR, "Ruben", "Maas", library="rivierenland"),
    DemoAccount("gemeente.zeestad", Role.GEMEENTE, "Gerda", "Zeestad", gemeente="zeestad"),
    DemoAccount("landelijk", Role.LANDELIJK, "Lotte", "Land"),
    DemoAccount("beheerder", Role.BEHEERDER, "Bart", "Beheer"),
]


def _tenancy() -> None:
    for code, name, slug in GEMEENTEN:
        Gemeente.objects.update_or_create(cbs_code=code, defaults={"name": name, "slug": slug})
    for slug, name in LIBRARIES:
        Library.objects.update_or_create(slug=slug, defaults={"name": name})
    for lib, slug, name, gemeente, address, postcode, city, hours in BRANCHES:
        branch, _ = Branch.objects.update_or_create(
            library=Library.objects.get(slug=lib),
            slug=slug,
            defaults={
                "name": name,
                "gemeente": Gemeente.objects.get(slug=gemeente),
                "street_address": address,
                "postal_code": postcode,
                "city": city,
                "has_ido": True,
            },
        )
        branch.ido_hours.all().delete()
        IdoOpeningHours.objects.bulk_create(
            IdoOpeningHours(branch=branch, weekday=day, opens=opens, closes=closes)
            for day, opens, closes in hours
        )


def _account(spec: DemoAccount) -> User:
    user, _ = User.objects.update_or_create(
        username=spec.username,
        defaults={
            "role": spec.role,
            "first_name": spec.first_name,
            "last_name": spec.last_name,
            "email": f"{spec.username}@demo.baken.invalid",
            "library": Library.objects.get(slug=spec.library) if spec.library else None,
            "gemeente": Gemeente.objects.get(slug=spec.gemeente) if spec.gemeente else None,
            "confidentiality_signed": spec.confidentiality_signed,
            "is_staff": spec.role == Role.BEHEERDER,
            "is_superuser": spec.role == Role.BEHEERDER,
            "is_active": True,
        },
    )
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    if spec.role in TWO_FACTOR_ROLES:
        _totp_device(user)
    return user


def _totp_device(user: User) -> None:
    import base64

    from django_otp.plugins.otp_totp.models import TOTPDevice

    key_hex = base64.b32decode(DEMO_TOTP_SECRET).hex()
    TOTPDevice.objects.update_or_create(
        user=user, name="Demo-authenticator", defaults={"key": key_hex, "confirmed": True}
    )


@demo_loader(order=0)
def load_core() -> None:
    _tenancy()
    for spec in ACCOUNTS:
        _account(spec)


def login_table() -> str:
    lines = [f"Demo-accounts (wachtwoord voor allemaal: {DEMO_PASSWORD})", ""]
    for spec in ACCOUNTS:
        where = spec.library or spec.gemeente or ("systeem" if spec.role == Role.BEHEERDER else "landelijk")
        twofa = "  [2FA: TOTP-geheim " + DEMO_TOTP_SECRET + "]" if spec.role in TWO_FACTOR_ROLES else ""
        lines.append(f"  {spec.username:<26} {spec.role.label!s:<22} {where}{twofa}")
    return "\n".join(lines)
