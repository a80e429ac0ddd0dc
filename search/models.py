"""What the search finds: one stored search document per searchable object.

The database is the source of truth for what the index should hold. A document is written in
the same transaction as the change that caused it (a publish, an unpublish, a deletion), so no
update is lost; Meilisearch, when configured, is brought in step afterwards by ``search.sync``,
which pushes the rows marked ``needs_sync``.

The long text matched (``SearchText``) sits in its own table: every query filters and orders the
narrow document rows (who may see, kind, dates), and a row that carried a page's whole text made
each of those scans read hundreds of megabytes at 100,000 documents. The full-text structures
over the text belong to each database and are created by this app's migrations: an FTS5 table
kept by triggers on SQLite, a generated ``tsvector`` column with a GIN index on PostgreSQL
(``search.backends.database``).
"""

from __future__ import annotations

from django.db import models


class SearchDocument(models.Model):
    kind = models.CharField(max_length=24)
    object_id = models.BigIntegerField()

    # Displayed as stored (accented); ``title_folded`` ranks title matches first (the text
    # matched is SearchText's), ``exact_text`` (title and summary, lower-cased) ranks
    # exact-diacritic matches first.
    title = models.TextField()
    summary = models.TextField(blank=True, default="")
    title_folded = models.TextField(blank=True, default="")
    exact_text = models.TextField(blank=True, default="")

    # Who may find it (search.access): only listed kinds reach the member app's search box;
    # an empty audience (``audience_everyone``) means everyone, otherwise the organisations in
    # SearchAudience and everything below them. Pages leave and enter their window by time.
    listed = models.BooleanField(default=True)
    audience_everyone = models.BooleanField(default=True)
    visible_from = models.DateTimeField(null=True, blank=True)
    visible_until = models.DateTimeField(null=True, blank=True)

    date = models.DateTimeField(null=True, blank=True)
    organisation_id = models.BigIntegerField(null=True, blank=True)
    organisation_path = models.CharField(max_length=255, blank=True, default="")
    path = models.CharField(max_length=512, blank=True, default="")

    # Meilisearch's side (search.sync): a row waits here until the index has it; a deleted
    # object stays as a tombstone (``deleted``) until the index has forgotten it too.
    needs_sync = models.BooleanField(default=False)
    deleted = models.BooleanField(default=False)
    sync_failures = models.PositiveIntegerField(default=0)
    next_sync_at = models.DateTimeField(null=True, blank=True)
    sync_error = models.TextField(blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_unique")]
        indexes = [
            models.Index(fields=["kind", "listed", "date"], name="search_doc_kind_date"),
            models.Index(fields=["needs_sync", "next_sync_at"], name="search_doc_pending"),
            models.Index(fields=["organisation_path"], name="search_doc_org_path"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"

    @property
    def body(self) -> str:
        return self.text.body if hasattr(self, "text") else ""

    @property
    def text_folded(self) -> str:
        return self.text.text_folded if hasattr(self, "text") else ""

    @property
    def key(self) -> str:
        """The document's id in Meilisearch (letters, digits, ``-`` and ``_`` only)."""
        return f"{self.kind}-{self.object_id}"


class SearchText(models.Model):
    """The text a document is matched on: its body as shown in snippets, and everything matched
    (title, summary, body, words not shown) folded."""

    document = models.OneToOneField(
        SearchDocument, on_delete=models.CASCADE, primary_key=True, related_name="text"
    )
    title_folded = models.TextField(blank=True, default="")
    text_folded = models.TextField(blank=True, default="")
    body = models.TextField(blank=True, default="")

    def __str__(self) -> str:
        return str(self.document_id)


class SearchAudience(models.Model):
    """One organisation of a document's audience (its subtree receives the document)."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="audience")
    organisation_id = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "organisation_id"], name="search_audience_unique")
        ]
        indexes = [models.Index(fields=["organisation_id", "document"], name="search_audience_org")]

    def __str__(self) -> str:
        return f"{self.document_id} → {self.organisation_id}"


class SearchTopic(models.Model):
    """A topic of a document (a news category, a legal topic, a document type...), for facets."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="topics")
    code = models.CharField(max_length=100)
    label = models.CharField(max_length=200)
    # The document's date, copied with it (search.indexing._write writes both): a topic filter
    # walks its own rows newest first through ``search_topic_date`` (code, date, document;
    # migration 0004), not every document by date looking each one up here.
    date = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["document", "code"], name="search_topic_unique")]
        indexes = [models.Index(fields=["code", "document"], name="search_topic_code")]

    def __str__(self) -> str:
        return self.label
