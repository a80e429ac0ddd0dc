from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Search")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import PageViewRestriction
        from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

        from cms.organisations.signals import tree_changed
        from search import signals
        from search.documents import BUILDERS

        for builder in BUILDERS.values():
            model = builder.model
            uid = f"search.{builder.kind}"
            page_published.connect(signals.page_published, sender=model, dispatch_uid=f"{uid}.published")
            page_unpublished.connect(
                signals.page_unpublished, sender=model, dispatch_uid=f"{uid}.unpublished"
            )
            post_delete.connect(signals.object_deleted, sender=model, dispatch_uid=f"{uid}.deleted")
            # A save of the row outside a publish (a script, a shell, a direct edit of the live
            # row) is kept in step too; a publish sends both.
            post_save.connect(signals.object_saved, sender=model, dispatch_uid=f"{uid}.saved")
        post_page_move.connect(signals.page_moved, dispatch_uid="search.page_moved")
        page_slug_changed.connect(signals.page_moved, dispatch_uid="search.slug_changed")
        post_save.connect(
            signals.restriction_changed, sender=PageViewRestriction, dispatch_uid="search.restricted"
        )
        post_delete.connect(
            signals.restriction_changed, sender=PageViewRestriction, dispatch_uid="search.unrestricted"
        )
        tree_changed.connect(signals.tree_changed, dispatch_uid="search.tree_changed")
