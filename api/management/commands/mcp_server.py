import os

from django.core.management.base import BaseCommand, CommandError

from api.assistant import build_server


class Command(BaseCommand):
    help = (
        "Runs the assistant (MCP) server for one person, with their personal access token "
        "(AFTERVIEW_API_TOKEN, or --token)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--transport", choices=["stdio", "http"], default="stdio")
        parser.add_argument("--token", default=os.environ.get("AFTERVIEW_API_TOKEN", ""))
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8765)

    def handle(self, *args, transport, token, host, port, **options):
        if not token:
            raise CommandError(
                "Give a personal access token: AFTERVIEW_API_TOKEN=afv_… or --token."
            )
        try:
            server = build_server(token)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if transport == "stdio":
            server.run("stdio")
        else:
            server.run("streamable-http", host=host, port=port)
