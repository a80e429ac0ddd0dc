"""Project format modules (``FORMAT_MODULE_PATH``): day-first date input in every admin language.

Wagtail's date pickers show dates as ``WAGTAIL_DATE_FORMAT`` (20/11/2026) whatever the editor's
language, so every language must read them back the same way: each module here takes the input
formats from the settings, ahead of Django's own (English reads 05/11/2026 as 11 May).
"""
