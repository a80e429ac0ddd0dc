"""A topic filter walks its topic's rows newest first (search.backends.database).

- ``SearchTopic.date``: the document's date, copied onto each of its topic rows
  (search.indexing._write writes both); existing rows get it from their document in one
  ``UPDATE``.
- ``search_topic_date``: ``(code, date DESC NULLS LAST, document_id DESC)``, a topic's documents
  in the order of a ranking tier, so a search with a topic filter reads its topic's newest rows
  and stops at the page's last hit, instead of walking every document by date and looking each
  one up in the topics. SQLite refuses ``NULLS LAST`` in an index but sorts NULL below every
  date, so its ``DESC`` puts them last already (as ``search_doc_date``, migration 0003).

At 100,000 documents (~95,000 topic rows) on PostgreSQL: a few seconds.
"""

from django.db import migrations, models

BACKFILL = {
    "postgresql": (
        "UPDATE search_searchtopic SET date = document.date FROM search_searchdocument document"
        " WHERE document.id = search_searchtopic.document_id AND document.date IS NOT NULL"
    ),
    # UPDATE ... FROM needs SQLite 3.33; Django supports older ones.
    "sqlite": (
        "UPDATE search_searchtopic SET date = (SELECT document.date FROM search_searchdocument document"
        " WHERE document.id = search_searchtopic.document_id)"
    ),
}
DATE_INDEX = {
    "postgresql": (
        "CREATE INDEX IF NOT EXISTS search_topic_date"
        ' ON search_searchtopic (code, "date" DESC NULLS LAST, document_id DESC)'
    ),
    "sqlite": 'CREATE INDEX IF NOT EXISTS search_topic_date ON search_searchtopic (code, "date" DESC, document_id DESC)',
}


def backfill(schema_editor) -> None:
    """Each topic row gets its document's date."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("SET LOCAL statement_timeout = 0")
    if vendor in BACKFILL:
        schema_editor.execute(BACKFILL[vendor])


def fill(apps, schema_editor):
    backfill(schema_editor)
    vendor = schema_editor.connection.vendor
    if vendor in DATE_INDEX:
        schema_editor.execute(DATE_INDEX[vendor])


def drop(apps, schema_editor):
    if schema_editor.connection.vendor in DATE_INDEX:
        schema_editor.execute("DROP INDEX IF EXISTS search_topic_date")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_broad_query_indexes")]

    operations = [
        migrations.AddField(
            model_name="searchtopic",
            name="date",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(fill, drop),
    ]
