"""The full-text structures of each database.

SQLite: an FTS5 table over ``search_searchtext`` (external content), kept in step by triggers.
PostgreSQL: a generated ``tsvector`` over the text with a GIN index, and one over the title
alone on the narrow document row (ranking "the title matches" reads a few bytes per row). The
``simple`` configuration: the words are already folded Vietnamese, matched as they are, not
stemmed as English.
"""

from django.db import migrations

SQLITE = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title_folded, text_folded, content='search_searchtext', content_rowid='document_id', tokenize='unicode61'
    )""",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchtext BEGIN
        INSERT INTO search_fts(rowid, title_folded, text_folded)
            VALUES (new.document_id, new.title_folded, new.text_folded);
    END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchtext BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_folded, text_folded)
            VALUES ('delete', old.document_id, old.title_folded, old.text_folded);
    END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchtext BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_folded, text_folded)
            VALUES ('delete', old.document_id, old.title_folded, old.text_folded);
        INSERT INTO search_fts(rowid, title_folded, text_folded)
            VALUES (new.document_id, new.title_folded, new.text_folded);
    END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRESQL = [
    # Adding stored columns rewrites a table: on a large index, longer than the statement
    # timeout the server sets for requests.
    "SET LOCAL statement_timeout = 0",
    """ALTER TABLE search_searchtext ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title_folded), 'A') || setweight(to_tsvector('simple', text_folded), 'B')
    ) STORED""",
    "CREATE INDEX search_text_vector ON search_searchtext USING gin (vector)",
    """ALTER TABLE search_searchdocument ADD COLUMN title_vector tsvector GENERATED ALWAYS AS (
        to_tsvector('simple', title_folded)
    ) STORED""",
]
POSTGRESQL_REVERSE = [
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS title_vector",
    "DROP INDEX IF EXISTS search_text_vector",
    "ALTER TABLE search_searchtext DROP COLUMN IF EXISTS vector",
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
