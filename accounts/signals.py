"""Signals ``accounts`` sends, so higher apps can follow a person without us importing them.

``profile_changed`` (``user=``, ``changed=`` the set of field names) is sent inside the
transaction that saved the person's profile. ``reminders`` listens: a new time zone or
reminder preference moves the reminders already planned (see docs/architecture.md).
"""

from django.dispatch import Signal

profile_changed = Signal()
