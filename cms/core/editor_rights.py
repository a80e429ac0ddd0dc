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

from functools import cached_property

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    PagePermissionTester,
)

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


def _page_permissions(group: Group) -> None:
    """Give ``group`` exactly PAGE_PERMISSIONS on every site's home page (its root page).

    Not on the tree's root: Wagtail opens an editor's page explorer at the closest common
    ancestor of the pages they hold permissions on, and root-level actions (reordering or adding
    home pages) are for administrators.
    """
    homes = list(Page.objects.filter(sites_rooted_here__isnull=False).distinct())
    wanted = list(
        Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSIONS)
    )
    GroupPagePermission.objects.filter(group=group).exclude(page__in=homes, permission__in=wanted).delete()
    for home in homes:
        for permission in wanted:
            GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)


@transaction.atomic
def editors_group() -> Group:
    """The group holding Wagtail's page and media permissions for editors (made on first use)."""
    group, _created = Group.objects.get_or_create(name=EDITORS_GROUP_NAME)
    _page_permissions(group)
    _collection_permissions(group, MEDIA_PERMISSIONS)
    return group


def sync_site_home_pages(sender, instance, **kwargs) -> None:
    """A site given a new home page: the editors' page permissions move with it."""
    group = Group.objects.filter(name=EDITORS_GROUP_NAME).first()
    if group is not None:
        _page_permissions(group)


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


def _editable_organisation_ids(user) -> tuple[frozenset[int], bool]:
    """The ids of the organisations ``user`` edits, and whether one is the federation (root).

    Read once per user object: the admin asks for every row of a listing and every button.
    """
    cached = getattr(user, "_editable_organisations_cache", None)
    if cached is None:
        rows = list(editable_organisations(user).values_list("pk", "depth"))
        cached = (frozenset(pk for pk, _depth in rows), any(depth == 1 for _pk, depth in rows))
        user._editable_organisations_cache = cached
    return cached


def can_edit_page(user, page: Page) -> bool:
    """Whether ``user`` may act on ``page``: content of an organisation they are an editor of.

    Pages with no publishing organisation (the home page, section pages) belong to the
    federation: only federation editors and superusers edit them.
    """
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    ids, federation = _editable_organisation_ids(user)
    organisation_id = getattr(page.specific_deferred, "organisation_id", None)
    if organisation_id is None:
        return federation
    return organisation_id in ids


class OrganisationPagePermissionTester(PagePermissionTester):
    """What a user may do to one page: Wagtail's answer, then the organisation rule.

    Every admin view, row menu, header button, bulk action and admin API action asks the page's
    tester (``Page.permissions_for_user``, overridden by cms.core.pages.ReadablePage), so the
    rule is applied in one place: an action on another organisation's page is neither offered
    nor allowed. Adding a page below a section stays Wagtail's answer (the page form then lets
    the editor publish only for their own organisations: cms.core.publishing).
    """

    @cached_property
    def owns_page(self) -> bool:
        return can_edit_page(self.user, self.page)

    def can_edit(self):
        return super().can_edit() and self.owns_page

    def can_delete(self, ignore_bulk=False):
        return super().can_delete(ignore_bulk=ignore_bulk) and self.owns_page

    def can_unpublish(self):
        return super().can_unpublish() and self.owns_page

    def can_publish(self):
        return super().can_publish() and self.owns_page

    def can_submit_for_moderation(self):
        return super().can_submit_for_moderation() and self.owns_page

    def can_set_view_restrictions(self):
        return super().can_set_view_restrictions() and self.owns_page

    def can_unschedule(self):
        return super().can_unschedule() and self.owns_page

    def can_lock(self):
        return super().can_lock() and self.owns_page

    def can_unlock(self):
        # Whoever holds a lock may always release it.
        return super().can_unlock() and (self.user_has_lock() or self.owns_page)

    def can_reorder_children(self):
        return super().can_reorder_children() and self.owns_page

    def can_copy(self):
        return super().can_copy() and self.owns_page

    def can_view_revisions(self):
        return super().can_view_revisions() and self.owns_page
