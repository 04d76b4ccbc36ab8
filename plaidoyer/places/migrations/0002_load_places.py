"""Load Belgium's regions, provinces, municipalities and postcodes."""

from django.db import migrations


def load(apps, schema_editor):
    from plaidoyer.places.loader import load_places

    load_places(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("places", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop, elidable=False),
    ]
