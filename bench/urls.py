from django.urls import include, path

from bench.harness import bare_view

urlpatterns = [
    path("__bench__/bare/", bare_view, name="bench-bare"),
    path("", include("config.urls")),
]
