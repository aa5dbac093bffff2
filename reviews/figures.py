"""Insights figures kept per person between requests, and what makes them out of date.

Insights for hundreds of reviews is a few heavy GROUP BY queries and a page of charts; the
answer only changes when the person's interviews, applications (their outcomes), companies,
reviews, questions, plan items, stories or gut ratings do. So the figures are cached
(``common.cache.cached_for_person``) under a key holding the person's ``data_version``
(replaced by ``accounts.services.user_data_changed`` in the same transaction as any such
write, through the receivers below and those of ``interviews.figures`` for interviews,
applications, companies and contacts) and their time zone (months are counted in it). A
write therefore makes the next page compute afresh; a cache that is down makes every page
compute, as before.

Writes that skip ``save()`` and ``delete()`` (``QuerySet.update()``, ``bulk_create()``) send
no signal: code that changes these rows that way must call ``user_data_changed`` itself.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import post_delete, post_save

from accounts.services import user_data_changed
from reviews.models import GutRating, PlanItem, Question, Review, Story


def _owner_id(instance) -> int | None:
    try:
        if isinstance(instance, Story):
            return instance.owner_id
        if isinstance(instance, Review | PlanItem | GutRating):
            return instance.interview.owner_id
        if isinstance(instance, Question):
            return instance.review.interview.owner_id
    except ObjectDoesNotExist:
        return None  # gone with its parent, whose own signal covers it
    return None


def _data_changed(sender, instance, raw=False, **kwargs) -> None:
    if raw:  # loaddata
        return
    owner_id = _owner_id(instance)
    if owner_id is not None:
        user_data_changed(user_id=owner_id)


def connect() -> None:
    """Called from ``ReviewsConfig.ready()``. No ``post_delete`` on Question, PlanItem or
    GutRating: questions are only deleted while their review is saved (``review_save``) or
    with it, plan items by ``plan_item_remove`` (which says so itself) or with their
    interview, gut ratings with their interview; a receiver there would make every cascade
    load each row."""
    for model in (Review, Question, PlanItem, Story, GutRating):
        post_save.connect(_data_changed, sender=model, dispatch_uid=f"figures-{model.__name__}")
    for model in (Review, Story):
        post_delete.connect(
            _data_changed, sender=model, dispatch_uid=f"figures-del-{model.__name__}"
        )
