"""Pages of the interviews app, one module per concern: ``dashboard``, ``interviews`` (the
list, forms and an interview's page), ``people``, ``applications`` and ``invites`` (importing
an interview from a calendar invite). ``interviews/urls.py`` maps them."""
