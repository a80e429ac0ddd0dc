from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "cms.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self):
        from wagtail.signals import page_published

        from cms.documents.models import OfficialDocumentPage
        from cms.documents.signals import deliver_on_publish

        page_published.connect(
            deliver_on_publish, sender=OfficialDocumentPage, dispatch_uid="documents.deliver_on_publish"
        )
