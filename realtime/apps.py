from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RealtimeConfig(AppConfig):
    name = "realtime"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Realtime")

    def ready(self):
        from django.db.models.signals import pre_delete
        from wagtail.signals import page_published, page_unpublished

        from cms.announcements.models import AnnouncementPage
        from realtime import signals

        page_published.connect(
            signals.announcement_published,
            sender=AnnouncementPage,
            dispatch_uid="realtime.announcement_published",
        )
        page_unpublished.connect(
            signals.announcement_withdrawn,
            sender=AnnouncementPage,
            dispatch_uid="realtime.announcement_withdrawn",
        )
        pre_delete.connect(
            signals.announcement_deleted,
            sender=AnnouncementPage,
            dispatch_uid="realtime.announcement_deleted",
        )
