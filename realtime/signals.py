"""Page events as sockets see them, connected in ``RealtimeConfig.ready``.

Wagtail sends ``page_published`` when a publication is scheduled for later too, with the page
not live yet: the announcement is announced when ``publish_scheduled`` makes it live. It sends
``page_unpublished`` when an editor unpublishes and when ``publish_scheduled`` takes an expired
page offline.
"""

from __future__ import annotations

from django.utils import timezone

from realtime import events


def announcement_published(sender, instance, **kwargs) -> None:
    if instance.live and (instance.go_live_at is None or instance.go_live_at <= timezone.now()):
        events.announcement_published(instance)


def announcement_withdrawn(sender, instance, **kwargs) -> None:
    events.announcement_withdrawn(instance)


def announcement_deleted(sender, instance, **kwargs) -> None:
    if instance.live:
        events.announcement_withdrawn(instance)
