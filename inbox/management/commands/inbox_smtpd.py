"""Runs the inbox's SMTP receiver until stopped (Ctrl-C or SIGTERM)."""

import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand

from inbox.receiver import make_receiver


class Command(BaseCommand):
    help = "Receive forwarded mail for INBOX_DOMAIN over SMTP and queue it for reading."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=settings.INBOX_SMTP_HOST)
        parser.add_argument("--port", type=int, default=settings.INBOX_SMTP_PORT)

    def handle(self, *args, host: str, port: int, **options):
        receiver = make_receiver(host, port)
        receiver.start()
        self.stdout.write(
            f"Inbox SMTP receiver on {host}:{port} for @{settings.INBOX_DOMAIN} (Ctrl-C stops it)"
        )
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        stop.wait()
        receiver.stop()
