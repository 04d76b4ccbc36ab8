"""On PostgreSQL, index the folded search text with trigrams so LIKE '%word%' is fast.

SQLite has no such index; its directory stays small enough for a scan.
"""

import logging

from django.db import DatabaseError, migrations, transaction

logger = logging.getLogger(__name__)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError:
        logger.warning(
            "pg_trgm is not available: directory search will scan the table."
        )
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS organisation_search_trgm "
        "ON organisations_organisation USING gin (search_text gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS organisation_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
