"""Editors' rights over content: which pages an officer may edit, and the Wagtail permissions
that let editors into the page tree at all.

Wagtail's page permissions are tree-shaped (a group may edit below a page), but our rule is
organisation-shaped: an editor edits the content their organisations publish, wherever it
sits in the page tree. So editors get Wagtail's page permissions on the whole tree through
one group, and the organisation rule is enforced here, in admin hooks that refuse to open,
delete or move pages of other organisations, and in cms.core.publishing (who publishes for
which organisation, to which audience), which the page form and the bulk publish ask.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from cms.core.publishing import editable_organisations

EDITORS_GROUP_NAME = "Content editors"
FEDERATION_MEDIA_GROUP_NAME = "Federation media editors"
PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
# Upload and choose. Without "change", Wagtail lets an editor edit and replace only the images
# and documents they uploaded themselves: a grassroots editor cannot swap the file of the
# federation's official document.
MEDIA_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
)
# Federation editors look after the shared library: they edit any image or document.
FEDERATION_MEDIA_PERMISSIONS = (
    ("wagtailimages", "change_image"),
    ("wagtaildocs", "change_document"),
)


def _collection_permissions(group: Group, permissions) -> None:
    """Give ``group`` exactly ``permissions`` on the root collection (removing any others)."""
    collection = Collection.get_first_root_node()
    wanted = [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in permissions
    ]
    GroupCollectionPermission.objects.filter(group=group).exclude(permission__in=wanted).delete()
    for permission in wanted:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission
        )


@transaction.atomic
def editors_group() -> Group:
    """The group holding Wagtail's page and media permissions for editors (made on first use)."""
    group, _created = Group.objects.get_or_create(name=EDITORS_GROUP_NAME)
    root = Page.get_first_root_node()
    for codename in PAGE_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
    _collection_permissions(group, MEDIA_PERMISSIONS)
    return group


@transaction.atomic
def federation_media_group() -> Group:
    group, _created = Group.objects.get_or_create(name=FEDERATION_MEDIA_GROUP_NAME)
    _collection_permissions(group, FEDERATION_MEDIA_PERMISSIONS)
    return group


def grant_editor_permissions(user) -> None:
    """Editors' Wagtail permissions; federation editors also edit every image and document."""
    user.groups.add(editors_group())
    if editable_organisations(user).filter(depth=1).exists():
        user.groups.add(federation_media_group())
    else:
        user.groups.remove(*Group.objects.filter(name=FEDERATION_MEDIA_GROUP_NAME))


def revoke_editor_permissions(user) -> None:
    user.groups.remove(*Group.objects.filter(name__in=[EDITORS_GROUP_NAME, FEDERATION_MEDIA_GROUP_NAME]))


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
