"""gunicorn's settings: ``gunicorn --config=python:config.gunicorn config.wsgi:application``
(the Dockerfile and docker-compose.yml). Command-line options still override these."""

from gunicorn.glogging import Logger

from config.logs import RedactSecrets, redact

accesslog = "-"

# Threads: a request that waits (on a PDF render, or a slow client) holds one thread, not a
# whole worker process, and the others go on serving pages. How many renders run at once is
# bounded for the whole machine (NOTES_PDF_RENDERS_AT_ONCE, notes/pdf/slots.py).
worker_class = "gthread"
threads = 4


class RedactingLogger(Logger):
    """gunicorn's logger with the secrets in request paths, referrers and headers
    replaced by ``[secret]`` in the access log, and in the error log too."""

    def setup(self, cfg):
        super().setup(cfg)
        if not any(isinstance(f, RedactSecrets) for f in self.error_log.filters):
            self.error_log.addFilter(RedactSecrets())

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {k: redact(v) if isinstance(v, str) else v for k, v in atoms.items()}


logger_class = RedactingLogger
