"""Input formats: day-first, as the project's settings declare them (see ``cms.formats``)."""

from django.conf import settings

DATE_INPUT_FORMATS = settings.DATE_INPUT_FORMATS
DATETIME_INPUT_FORMATS = settings.DATETIME_INPUT_FORMATS
