"""Start every installation with the themes of demo-facts.md and common languages."""

from django.db import migrations


def seed(apps, schema_editor):
    from plaidoyer.organisations.seed import LANGUAGES, THEMES

    Theme = apps.get_model("organisations", "Theme")
    Language = apps.get_model("organisations", "Language")
    for position, (slug, fr, nl, en, de) in enumerate(THEMES):
        Theme.objects.get_or_create(
            slug=slug,
            defaults={
                "name": fr,
                "name_fr": fr,
                "name_nl": nl,
                "name_en": en,
                "name_de": de,
                "position": position,
            },
        )
    for position, (code, fr, nl, en, de) in enumerate(LANGUAGES):
        Language.objects.get_or_create(
            code=code,
            defaults={
                "name": fr,
                "name_fr": fr,
                "name_nl": nl,
                "name_en": en,
                "name_de": de,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("organisations", "0002_search_trigram_index")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
