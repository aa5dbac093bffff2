from django.db import models


class ChangeStamp(models.Model):
    """A person's change stamps (``common.kept``), one per topic: counters that database
    triggers move on every change to what the topic's kept reads depend on. A plain id, not
    a foreign key: a person's rows are deleted before the person, and their triggers still
    stamp on the way out."""

    owner = models.BigIntegerField(primary_key=True, db_column="owner_id")
    # The topics (common.kept.TOPICS).
    history = models.BigIntegerField(default=1)
    calendar = models.BigIntegerField(default=1)

    def __str__(self) -> str:
        return f"{self.owner}: history {self.history}, calendar {self.calendar}"
