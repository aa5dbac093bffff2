from django import template
from django.utils.formats import date_format

from common.components import localtime_or_utc

register = template.Library()


@register.filter
def local(value, arg=None):
    """Like ``|date``, in the person's zone — and still shown (in UTC) for an instant that falls
    outside the calendar there (see ``common.components.localtime_or_utc``)."""
    if value in (None, ""):
        return ""
    return date_format(localtime_or_utc(value), arg)
