from django.db import models


class ChangeStamp(models.Model):
    """A person's change stamp (``common.kept``): replaced by database triggers on every
    change to what a kept read depends on. A plain id, not a foreign key: a person's rows
    are deleted before the person, and their triggers still stamp on the way out."""

    owner = models.BigIntegerField(primary_key=True, db_column="owner_id")
    stamp = models.BigIntegerField(db_index=True)

    def __str__(self) -> str:
        return f"{self.owner}: {self.stamp}"
