from django.conf import settings
from django.db import migrations


def create(apps, schema_editor):
    """The identity row exists from the start, with the deployment's settings."""
    SiteIdentity = apps.get_model("core", "SiteIdentity")
    SiteIdentity.objects.get_or_create(
        pk=1,
        defaults={
            "name": settings.SITE_NAME,
            "publisher_name": settings.PUBLISHER_NAME,
            "publisher_address": settings.PUBLISHER_ADDRESS,
            "publisher_company_number": settings.PUBLISHER_COMPANY_NUMBER,
            "publisher_responsible": settings.PUBLISHER_RESPONSIBLE,
            "publisher_email": settings.PUBLISHER_EMAIL,
            "publisher_phone": settings.PUBLISHER_PHONE,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0005_site_identity")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
