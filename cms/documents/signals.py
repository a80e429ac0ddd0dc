"""Signal handlers of the documents app, connected in ``DocumentsConfig.ready``."""

from __future__ import annotations


def deliver_on_publish(sender, instance, **kwargs) -> None:
    """Wagtail's ``page_published``: a published document reaches its recipients.

    Wagtail sends the signal when a publication is scheduled for later too, with the page not
    yet live: the document is delivered when ``publish_scheduled`` makes it live, not before.
    """
    from cms.documents.models import OfficialDocumentPage
    from cms.documents.services import deliver
    from realtime import events

    if isinstance(instance, OfficialDocumentPage) and instance.live:
        # Only rows created now: a re-publish tells no union twice.
        for delivery in deliver(instance):
            events.document_received(delivery)
