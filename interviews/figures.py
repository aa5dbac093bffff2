"""Pages kept per person between requests, and what makes them out of date.

The interview list of someone with hundreds of interviews is a count, a page of rows, their
interviewers and every company for the filter, drawn into a table; it only changes when the
person's interviews, applications, companies or contacts do. So it is cached
(``common.cache.cached_for_person``) under a key holding the person's ``data_version``
(replaced by ``accounts.services.user_data_changed`` in the same transaction as any such
write, through the receivers below) and their time zone (times are shown in it). The
dashboard keeps its interviews the same way, with the moment time moves them along.
``reviews.figures`` does the same for the rows of reviews.

Writes that skip ``save()`` and ``delete()`` (``QuerySet.update()``, ``bulk_create()``) send
no signal: code that changes these rows that way must call ``user_data_changed`` itself.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from accounts.services import user_data_changed
from interviews.models import Application, Company, Contact, Interview


def _owned_row_changed(sender, instance, raw=False, **kwargs) -> None:
    if raw:  # loaddata
        return
    user_data_changed(user_id=instance.owner_id)


def _interviewers_changed(sender, instance, action, **kwargs) -> None:
    # ``instance`` is the interview, or the contact when set from the contact's side.
    if action in ("post_add", "post_remove", "post_clear"):
        user_data_changed(user_id=instance.owner_id)


def connect() -> None:
    """Called from ``InterviewsConfig.ready()``."""
    for model in (Interview, Application, Company, Contact):
        post_save.connect(
            _owned_row_changed, sender=model, dispatch_uid=f"figures-{model.__name__}"
        )
        post_delete.connect(
            _owned_row_changed, sender=model, dispatch_uid=f"figures-del-{model.__name__}"
        )
    m2m_changed.connect(
        _interviewers_changed,
        sender=Interview.interviewers.through,
        dispatch_uid="figures-interviewers",
    )
