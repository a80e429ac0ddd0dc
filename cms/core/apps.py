from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _


def sync_editor_groups(sender, **kwargs) -> None:
    """After every migrate, editors' groups hold exactly the permissions cms.core.editor_rights lists.

    Groups are made on first use, so a database set up by an earlier version keeps what that
    version granted until something re-syncs it: a deploy's migrate does, for every current editor.
    """
    from django.contrib.auth.models import Group

    from cms.core.editor_rights import EDITORS_GROUP_NAME, grant_editor_permissions
    from cms.organisations.models import Officer, OfficerRole

    if not Group.objects.filter(name=EDITORS_GROUP_NAME).exists():
        return
    editors = Officer.objects.current().filter(role=OfficerRole.EDITOR).select_related("user")
    for user in {officer.user for officer in editors}:
        grant_editor_permissions(user)


class CoreConfig(AppConfig):
    name = "cms.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # post_migrate comes after all migrations have run, once per app with models (this app
        # has none): listen for the organisations app, whose officers say who is an editor.
        from django.apps import apps

        post_migrate.connect(sync_editor_groups, sender=apps.get_app_config("organisations"))

        from wagtail.models import Site

        from cms.core.editor_rights import sync_site_home_pages

        post_save.connect(sync_site_home_pages, sender=Site, dispatch_uid="cms.core.sync_site_home_pages")

        from cms.core.spreadsheets import protect_wagtail_exports

        protect_wagtail_exports()
