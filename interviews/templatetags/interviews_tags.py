import contextlib

from django import template
from django.utils import timezone
from django.utils.formats import date_format

register = template.Library()


@register.filter
def local(value, arg=None):
    """Like ``|date``, in the person's zone — and still shown (in UTC) for an instant that falls
    outside the calendar there, such as year 1 seen from west of Greenwich. Rows stored
    before dates were bounded must never make a page fail."""
    if value in (None, ""):
        return ""
    with contextlib.suppress(OverflowError):
        value = timezone.localtime(value)
    return date_format(value, arg)
