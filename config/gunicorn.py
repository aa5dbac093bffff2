"""gunicorn's settings: ``gunicorn --config=python:config.gunicorn config.wsgi:application``
(the Dockerfile and docker-compose.yml). Command-line options still override these."""

from gunicorn.glogging import Logger

from config.logs import RedactSecrets, redact

accesslog = "-"


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
