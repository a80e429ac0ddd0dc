"""The full-text structures of each database over ``search_searchdocument``.

SQLite: an FTS5 table with the document table as external content, kept in step by triggers.
PostgreSQL: a generated ``tsvector`` column and its GIN index. The ``simple`` configuration:
the words are already folded Vietnamese, to be matched as they are, not stemmed as English.
"""

from django.db import migrations

SQLITE = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title_folded, text_folded, content='search_searchdocument', content_rowid='id', tokenize='unicode61'
    )""",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, title_folded, text_folded) VALUES (new.id, new.title_folded, new.text_folded);
    END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_folded, text_folded)
            VALUES ('delete', old.id, old.title_folded, old.text_folded);
    END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE OF title_folded, text_folded ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_folded, text_folded)
            VALUES ('delete', old.id, old.title_folded, old.text_folded);
        INSERT INTO search_fts(rowid, title_folded, text_folded) VALUES (new.id, new.title_folded, new.text_folded);
    END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRESQL = [
    """ALTER TABLE search_searchdocument ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title_folded), 'A') || setweight(to_tsvector('simple', text_folded), 'B')
    ) STORED""",
    "CREATE INDEX search_document_vector ON search_searchdocument USING gin (vector)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS search_document_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
