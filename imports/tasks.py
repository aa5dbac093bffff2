"""Celery tasks of imports. They take ids and call ``imports.services``; a task delivered
twice commits once, because the commit claims the run first."""

from celery import shared_task

from imports.services import import_commit, import_read_rows


@shared_task(name="imports.commit", ignore_result=True, soft_time_limit=600, time_limit=660)
def import_commit_task(run_pk: int) -> None:
    """Commits one queued import (a big file), writing its progress on the run."""
    import_commit(run_pk=int(run_pk))


@shared_task(name="imports.read", ignore_result=True, soft_time_limit=600, time_limit=660)
def import_read_task(run_pk: int) -> None:
    """Reads one big uploaded file into its preview, writing its progress on the run."""
    import_read_rows(run_pk=int(run_pk))
