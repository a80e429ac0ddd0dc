"""The officers' side of feedback in the Wagtail admin: the inbox, the thread and its actions,
the response deadlines, and the permission policy they share (wired in ``cms.feedback.wagtail_hooks``).
"""
