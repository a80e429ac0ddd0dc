"""Wagtail admin strings that Wagtail's own Vietnamese catalogue leaves untranslated.

Wagtail ships only a partial Vietnamese translation. Listing the most visible strings here
(login, main menu, dashboard, page actions) lets ``makemessages`` put them into our
``locale/vi`` catalogue, which Django consults before Wagtail's (LOCALE_PATHS wins), so an
officer's first screens are in Vietnamese. Nothing imports this module at run time.
"""

from django.utils.translation import gettext_noop

WAGTAIL_ADMIN_STRINGS = [
    # login
    gettext_noop("Sign in"),
    gettext_noop("Sign in to Wagtail"),
    gettext_noop("Forgotten password?"),
    gettext_noop("Enter password"),
    gettext_noop("Enter your %(username_field_name)s"),
    gettext_noop("Your %(username_field)s and password didn't match. Please try again."),
    gettext_noop("Remember me"),
    # main menu and dashboard
    gettext_noop("Dashboard"),
    gettext_noop("Pages"),
    gettext_noop("Images"),
    gettext_noop("Documents"),
    gettext_noop("Snippets"),
    gettext_noop("Reports"),
    gettext_noop("Settings"),
    gettext_noop("Help"),
    gettext_noop("Editor Guide"),
    gettext_noop("Collections"),
    gettext_noop("Workflows"),
    gettext_noop("Workflow tasks"),
    gettext_noop("Sites"),
    gettext_noop("Users"),
    gettext_noop("Groups"),
    gettext_noop("Redirects"),
    gettext_noop("Locked pages"),
    gettext_noop("Aging pages"),
    gettext_noop("Site history"),
    gettext_noop("Page types usage"),
    gettext_noop("Search"),
    gettext_noop("Account"),
    gettext_noop("Log out"),
    # page actions
    gettext_noop("Save draft"),
    gettext_noop("Publish"),
    gettext_noop("Preview"),
    gettext_noop("Edit"),
    gettext_noop("Delete"),
    gettext_noop("Add child page"),
    gettext_noop("Live"),
    gettext_noop("Draft"),
    gettext_noop("Title"),
    gettext_noop("Status"),
    gettext_noop("Updated"),
    gettext_noop("Type"),
    gettext_noop("Cancel"),
    gettext_noop("Upload"),
    gettext_noop("Add"),
    gettext_noop("Create"),
    gettext_noop("Save"),
]
