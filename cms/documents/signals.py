"""Signal handlers of the documents app, connected in ``DocumentsConfig.ready``."""

from __future__ import annotations


def deliver_on_publish(sender, instance, **kwargs) -> None:
    """Wagtail's ``page_published``: a published document reaches its recipients."""
    from cms.documents.models import OfficialDocumentPage
    from cms.documents.services import deliver

    if isinstance(instance, OfficialDocumentPage):
        deliver(instance)
