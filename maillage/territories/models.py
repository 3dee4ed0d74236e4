"""The network, its territories and their staff; the companies and people of the programme."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from maillage.core.uploads import delete_after_commit, extension_of, generated_name
from maillage.territories.validators import (
    calendar_setting_error,
    validate_siren,
    validate_siret,
)


class Network(models.Model):
    """The programme holder: the top tenant."""

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(unique=True)

    class Meta:
        verbose_name = _("réseau")
        verbose_name_plural = _("réseaux")

    def __str__(self) -> str:
        return self.name


class NetworkAdmin(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="admin_roles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_admin_roles"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["network", "user"], name="unique_network_admin")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} admin of {self.network_id}"


class Commune(models.Model):
    insee_code = models.CharField(_("code INSEE"), max_length=5, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    postal_code = models.CharField(_("code postal"), max_length=5, blank=True)
    department = models.CharField(_("département"), max_length=3, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("commune")

    def __str__(self) -> str:
        return self.name


class Territory(models.Model):
    """A territory run by an organiser (a CCI), with its project managers."""

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="territories")
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(unique=True)
    organiser = models.CharField(_("organisateur"), max_length=200)
    communes = models.ManyToManyField(Commune, blank=True, related_name="territories")
    time_zone = models.CharField(_("fuseau horaire"), max_length=64, default="Europe/Paris")
    holiday_subdivision = models.CharField(
        _("subdivision des jours fériés"), max_length=10, blank=True
    )
    school_zone = models.CharField(_("zone de vacances scolaires"), max_length=20, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("territoire")
        verbose_name_plural = _("territoires")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """The calendar settings must be ones the scheduling engine knows: an IANA time zone
        ("Europe/Paris", "America/Martinique"), a France subdivision of the `holidays` package
        ("57" Moselle, "6AE" Alsace, "972"…), a metropolitan school zone (A, B, C)."""
        from maillage.engines.scheduling import TerritoryCalendar

        checks = (
            ("time_zone", {"timezone": self.time_zone}),
            ("holiday_subdivision", {"holiday_subdivision": self.holiday_subdivision or None}),
            (
                "school_zone",
                {
                    "holiday_subdivision": self.holiday_subdivision or None,
                    "school_zone": self.school_zone or None,
                },
            ),
        )
        errors: dict[str, ValidationError] = {}
        for field, settings_ in checks:
            if errors:
                break  # one error at a time: the zone depends on the subdivision
            try:
                TerritoryCalendar(**settings_)
            except ValueError as error:
                errors[field] = calendar_setting_error(error)
        if errors:
            raise ValidationError(errors)


class ProjectManager(models.Model):
    """A CCI staff member running a territory (chef de projet)."""

    territory = models.ForeignKey(
        Territory, on_delete=models.CASCADE, related_name="project_manager_roles"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_manager_roles"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["territory", "user"], name="unique_project_manager")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} manages {self.territory_id}"


class ActivityCode(models.Model):
    """A code of an activity nomenclature: NAF rev. 2 today, NAF 2025 from 2027 (added as data)."""

    class Nomenclature(models.TextChoices):
        NAF_REV2 = "NAFrev2", "NAF rév. 2"
        NAF_2025 = "NAF2025", "NAF 2025"

    nomenclature = models.CharField(max_length=10, choices=Nomenclature.choices)
    code = models.CharField(max_length=10)
    label = models.CharField(_("libellé"), max_length=300)
    section = models.CharField(_("section"), max_length=1)
    section_label = models.CharField(_("libellé de la section"), max_length=300, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("code d'activité")
        constraints = [
            models.UniqueConstraint(fields=["nomenclature", "code"], name="unique_activity_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    @property
    def naf_class(self) -> str:
        """The class (first five characters, "25.62"): same class means direct competitors."""
        return self.code[:5]


def logo_path(company: Company, filename: str) -> str:
    """A logo is stored under a random name (the uploaded file's name is not kept)."""
    return generated_name("logos", extension_of(filename))


class Company(models.Model):
    class HeadcountBand(models.TextChoices):
        TPE = "TPE", _("TPE (moins de 10 salariés)")
        PME = "PME", _("PME (10 à 249 salariés)")
        ETI = "ETI", _("ETI (250 à 4 999 salariés)")
        GE = "GE", _("Grande entreprise (5 000 salariés et plus)")

    name = models.CharField(_("raison sociale"), max_length=200)
    siren = models.CharField(_("SIREN"), max_length=9, validators=[validate_siren], db_index=True)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, validators=[validate_siret])
    activity = models.ForeignKey(
        ActivityCode, on_delete=models.PROTECT, related_name="companies", verbose_name=_("activité")
    )
    headcount_band = models.CharField(
        _("tranche d'effectif"), max_length=3, choices=HeadcountBand.choices
    )
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="companies"
    )
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    website = models.URLField(_("site web"), blank=True)
    description = models.TextField(_("présentation"), blank=True)
    # Checked by core.uploads (PNG, JPEG, WebP); served by editions' company_logo view only.
    logo = models.FileField(_("logo"), upload_to=logo_path, blank=True, max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("entreprise")
        verbose_name_plural = _("entreprises")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.siret and self.siren and not self.siret.startswith(self.siren):
            raise ValidationError({"siret": _("Le SIRET doit commencer par le SIREN.")})

    @property
    def is_large(self) -> bool:
        return self.headcount_band in {self.HeadcountBand.ETI, self.HeadcountBand.GE}


@receiver(post_delete, sender=Company)
def _company_logo_delete(sender: Any, instance: Company, **kwargs: Any) -> None:
    delete_after_commit(instance.logo)


class Person(models.Model):
    """A person of the programme: leader, facilitator, alumnus. May have a user account."""

    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    job_title = models.CharField(_("fonction"), max_length=150, blank=True)
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    directory_consent = models.BooleanField(
        _("apparaître dans l'annuaire au-delà de mon groupe"), default=False
    )
    email_consent = models.BooleanField(_("recevoir les e-mails du programme"), default=True)
    quote_consent = models.BooleanField(_("accepter d'être cité"), default=False)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("personne")
        constraints = [
            models.UniqueConstraint(
                fields=["email"], condition=~models.Q(email=""), name="unique_person_email"
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"
