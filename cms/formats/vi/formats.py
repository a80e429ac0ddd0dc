"""Vietnamese formats: day-first input, as the project's settings declare them (see ``cms.formats``)."""

from django.conf import settings

DATE_INPUT_FORMATS = settings.DATE_INPUT_FORMATS
DATETIME_INPUT_FORMATS = settings.DATETIME_INPUT_FORMATS

# Weeks start on Monday (thứ Hai) in Vietnam: the date pickers follow it.
FIRST_DAY_OF_WEEK = 1
