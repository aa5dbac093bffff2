"""Talking to the mail server: what an SMTP error means for a reminder, and closing quietly.

A temporary failure (SMTP 4xx, a lost or refused connection) is retried with backoff; a
permanent one (5xx) fails the reminder with the server's reason, shown to the person.
"""

import logging
import smtplib

log = logging.getLogger(__name__)


def classify_error(exc: Exception) -> tuple[bool, str]:
    """(temporary?, what to tell the person). SMTP 4xx and lost connections are temporary."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        text = "; ".join(
            f"{address} refused: {code} {_text(reply)}"
            for address, (code, reply) in exc.recipients.items()
        )
        return all(400 <= code < 500 for code in codes), text
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500, f"{exc.smtp_code} {_text(exc.smtp_error)}"
    if isinstance(exc, smtplib.SMTPException | OSError):
        return True, f"mail server unreachable: {exc or type(exc).__name__}"
    return True, f"{type(exc).__name__}: {exc}"


def _text(reply) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)


def close_quietly(connection) -> None:
    try:
        connection.close()
    except Exception:  # closing a broken connection may raise; it is gone either way
        log.debug("closing the mail connection failed", exc_info=True)
