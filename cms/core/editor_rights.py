"""Editors' rights over content: which pages an officer may edit, and the Wagtail permissions
that let editors into the page tree at all.

Wagtail's page permissions are tree-shaped (a group may edit below a page), but our rule is
organisation-shaped: an editor edits the content their organisations publish, wherever it
sits in the page tree. So editors get Wagtail's page permissions on the whole tree through
one group, and the organisation rule is enforced here: in the page form (cms.core.forms)
and in admin hooks that refuse to open, delete or move pages of other organisations.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from cms.core.forms import editable_organisations

EDITORS_GROUP_NAME = "Content editors"
PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
MEDIA_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
)


@transaction.atomic
def editors_group() -> Group:
    """The group holding Wagtail's page and media permissions for editors (made on first use)."""
    group, _created = Group.objects.get_or_create(name=EDITORS_GROUP_NAME)
    root = Page.get_first_root_node()
    for codename in PAGE_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
    collection = Collection.get_first_root_node()
    for app_label, codename in MEDIA_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission
        )
    return group


def grant_editor_permissions(user) -> None:
    user.groups.add(editors_group())


def revoke_editor_permissions(user) -> None:
    user.groups.remove(*Group.objects.filter(name=EDITORS_GROUP_NAME))


def can_edit_page(user, page: Page) -> bool:
    """Whether ``user`` may edit ``page``: content of an organisation they are an editor of.

    Pages with no publishing organisation (the home page, section pages) belong to the
    federation: only federation editors and superusers edit them.
    """
    if user.is_superuser:
        return True
    allowed = editable_organisations(user)
    organisation_id = getattr(page.specific_deferred, "organisation_id", None)
    if organisation_id is None:
        return allowed.filter(depth=1).exists()
    return allowed.filter(pk=organisation_id).exists()
