"""The officers' admin for job applications: listing, one application with its status form, and
the export for the employer (``viewsets``, ``views``, ``policy``)."""
