from django.urls import path

from api import views
from api.core import api
from api.endpoints import follow_ups, interviews, plans, reviews_write

api.add_router("/", interviews.router)
api.add_router("/", follow_ups.router)
api.add_router("/", reviews_write.router)
api.add_router("/", plans.router)

app_name = "api"

urlpatterns = [
    path("settings/api-tokens/", views.token_list, name="tokens"),
    path("settings/api-tokens/<int:token_pk>/revoke/", views.token_revoke_view, name="revoke"),
]

api_urls = api.urls
