import json

import pytest

from api.models import PersonalToken
from api.services import token_create


class ApiClient:
    """Django's test client speaking JSON with a Bearer token."""

    def __init__(self, client, token: str):
        self.client = client
        self.token = token

    def _headers(self, headers):
        return {"HTTP_AUTHORIZATION": f"Bearer {self.token}", **(headers or {})}

    def get(self, path, data=None, **headers):
        return self.client.get(path, data, **self._headers(headers))

    def _send(self, method, path, body, headers):
        raw = body if isinstance(body, bytes | str) else json.dumps(body)
        return getattr(self.client, method)(
            path,
            raw,
            content_type=headers.pop("content_type", "application/json"),
            **self._headers(headers),
        )

    def post(self, path, body=None, **headers):
        return self._send("post", path, body if body is not None else {}, headers)

    def patch(self, path, body=None, **headers):
        return self._send("patch", path, body if body is not None else {}, headers)

    def put(self, path, body=None, **headers):
        return self._send("put", path, body if body is not None else {}, headers)

    def delete(self, path, **headers):
        return self.client.delete(path, **self._headers(headers))


@pytest.fixture
def alice_token(alice):
    return token_create(owner=alice, name="script", scope=PersonalToken.Scope.WRITE)[1]


@pytest.fixture
def alice_read_token(alice):
    return token_create(owner=alice, name="reader", scope=PersonalToken.Scope.READ)[1]


@pytest.fixture
def alice_api(client, alice_token):
    return ApiClient(client, alice_token)


@pytest.fixture
def bob_api(client, bob):
    return ApiClient(client, token_create(owner=bob, name="b", scope="write")[1])


def assert_problem(response, status, kind=None):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["title"] and body["detail"]
    if kind:
        assert body["type"].endswith("#problem-" + kind), body
    return body
