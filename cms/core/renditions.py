"""Image renditions for lists: found without writing Wagtail's rendition cache on every request.

Wagtail's ``Image.get_rendition`` writes the rendition to the cache each time it is asked, even
when it was found among the renditions prefetched with the image: a list of twenty cover images
made twenty cache writes per request. Here a rendition is looked for in the renditions
prefetched with the image (the API's image type prefetches them for the whole list in one
query), then in Wagtail's cache and the database, and nothing is written when one is found;
only a rendition made now is cached, by Wagtail.

What a rendition gives out (URL, width, height) is also kept in this process for a few minutes,
under Wagtail's own rendition cache key (image, file hash, focal point, filter): a list whose
items share a few images works each one out once. Filters are parsed once per spec.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import NamedTuple

from wagtail.images.models import Filter

# How long a rendition's URL is reused in this process, and how many are kept.
MEMO_SECONDS = 300
MEMO_SIZE = 4096


class Output(NamedTuple):
    url: str
    width: int
    height: int


_filters: dict[str, Filter] = {}
_memo: dict[str, tuple[float, Output]] = {}


def _filter(spec: str) -> Filter:
    """One ``Filter`` per spec: parsing its operations costs more than the lookup itself."""
    found = _filters.get(spec)
    if found is None:
        found = _filters[spec] = Filter(spec=spec)
    return found


def _key(image, wanted: Filter) -> str:
    rendition_model = image.get_rendition_model()
    return rendition_model.construct_cache_key(image, wanted.get_cache_key(image), wanted.spec)


def renditions(image, specs: tuple[str, ...], url: Callable[[object], str]) -> dict[str, Output]:
    """``image``'s renditions for the filter ``specs`` as (URL, width, height), by spec; ``url``
    gives a rendition's URL. Made (and cached by Wagtail) only when they do not exist yet."""
    now = time.monotonic()
    found: dict[str, Output] = {}
    missing: list[Filter] = []
    keys: dict[str, str] = {}
    for spec in specs:
        wanted = _filter(spec)
        key = keys[spec] = _key(image, wanted)
        memo = _memo.get(key)
        if memo is not None and memo[0] > now:
            found[spec] = memo[1]
        else:
            missing.append(wanted)
    if missing:
        # Prefetched renditions when the list loaded them (no query); otherwise Wagtail's cache,
        # then the database. None of them is written back.
        existing = image.find_existing_renditions(*missing)
        for wanted in missing:
            if wanted not in existing:
                existing[wanted] = image.get_rendition(wanted)  # made now, and cached by Wagtail
        if len(_memo) >= MEMO_SIZE:
            _memo.clear()
        for wanted in missing:
            rendition = existing[wanted]
            output = Output(url(rendition), rendition.width, rendition.height)
            _memo[keys[wanted.spec]] = (now + MEMO_SECONDS, output)
            found[wanted.spec] = output
    return {spec: found[spec] for spec in specs}


def rendition(image, spec: str, url: Callable[[object], str]) -> Output:
    """``image``'s rendition for ``spec`` (e.g. ``fill-640x360|jpegquality-80``)."""
    return renditions(image, (spec,), url)[spec]
