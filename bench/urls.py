from django.urls import include, path

from bench.bench_api import BARE_PATH, bare_json_view, bare_json_without_token
from bench.harness import bare_view

urlpatterns = [
    path("__bench__/bare/", bare_view, name="bench-bare"),
    path(BARE_PATH.lstrip("/"), bare_json_view, name="bench-api-bare"),
    path(BARE_PATH.lstrip("/") + "-no-token", bare_json_without_token),
    path("", include("config.urls")),
]
