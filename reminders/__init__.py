"""Reminders: the ledger of follow-up emails, and everything that plans and sends them.

- ``planning.py``: the rules — when each kind is due, in the person's time zone (pure).
- ``scheduling.py``: keeps an interview's rows in step with those rules; queues what is due.
- ``actions.py``: what a person does from a page or an email link (snooze, done, unsubscribe).
- ``sweep.py``: claims due rows and sends them, exactly once, never silently lost.
- ``delivery.py``: the mail server's side — what an SMTP error means, closing quietly.
- ``emails.py``: the reminder email and its links; ``tokens.py``: signed email links.
- ``tasks.py``: the Celery tasks, which only call the sweep.
"""
