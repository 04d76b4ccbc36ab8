"""Belgian territory: regions, provinces and municipalities (Statbel REFNIS codes)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

BRUSSELS_REGION_NIS = "04000"


class Region(models.Model):
    nis_code = models.CharField(_("NIS code"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(unique=True, verbose_name=_("slug"))

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["nis_code"]

    def __str__(self) -> str:
        return self.name


class Province(models.Model):
    """One of the ten provinces, or the Brussels-Capital Region standing in for one.

    Brussels has no province; it gets a row here (NIS 04000) so that "filter by
    province" and the province outline cover the whole country.
    """

    nis_code = models.CharField(_("NIS code"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(unique=True, verbose_name=_("slug"))
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="provinces",
    )

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["nis_code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_brussels(self) -> bool:
        return self.nis_code == BRUSSELS_REGION_NIS


class Municipality(models.Model):
    nis_code = models.CharField(_("NIS code"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(unique=True)
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="municipalities",
    )
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    sort_name = models.CharField(max_length=100, db_index=True, editable=False)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["sort_name"]

    def __str__(self) -> str:
        return self.name

    @property
    def region(self) -> Region:
        return self.province.region


class PostalCode(models.Model):
    """A postcode served by a municipality. Some postcodes serve several (1040)."""

    code = models.CharField(_("postcode"), max_length=4, db_index=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="postal_codes",
    )

    class Meta:
        verbose_name = _("postcode")
        verbose_name_plural = _("postcodes")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "municipality"],
                name="unique_postcode_municipality",
                violation_error_message=_(
                    "This postcode is already linked to this municipality."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.code
