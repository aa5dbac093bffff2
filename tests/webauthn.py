"""A software WebAuthn authenticator for the tests: what a security key or a phone's passkey
does, built from python-fido2's data classes (the library allauth verifies with) and an
ECDSA P-256 key. It answers allauth's creation and request options with the JSON the
browser's webauthn-json sends, so the server side is exercised exactly as in a browser."""

import base64
import hashlib
import json
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from fido2.cose import ES256
from fido2.webauthn import (
    AttestationObject,
    AttestedCredentialData,
    AuthenticatorData,
)

ORIGIN = "http://testserver"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SoftwareAuthenticator:
    """One credential (a passkey: discoverable, user-verifying) on one device."""

    def __init__(self):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(32)
        self.user_handle: bytes | None = None
        self.rp_id: str | None = None
        self.counter = 0

    def _client_data(self, kind: str, challenge: str) -> bytes:
        return json.dumps(
            {"type": kind, "challenge": challenge, "origin": ORIGIN, "crossOrigin": False}
        ).encode()

    def create(self, creation_options: dict) -> dict:
        """navigator.credentials.create(): the registration response, as JSON."""
        options = creation_options["publicKey"]
        self.rp_id = options["rp"]["id"]
        self.user_handle = unb64url(options["user"]["id"])
        flags = AuthenticatorData.FLAG.UP | AuthenticatorData.FLAG.UV | AuthenticatorData.FLAG.AT
        credential = AttestedCredentialData.create(
            b"\0" * 16, self.credential_id, ES256.from_cryptography_key(self.key.public_key())
        )
        auth_data = AuthenticatorData.create(
            hashlib.sha256(self.rp_id.encode()).digest(), flags, self.counter, credential
        )
        attestation = AttestationObject.create("none", auth_data, {})
        client_data = self._client_data("webauthn.create", options["challenge"])
        return {
            "type": "public-key",
            "id": b64url(self.credential_id),
            "rawId": b64url(self.credential_id),
            "authenticatorAttachment": "platform",
            "response": {
                "clientDataJSON": b64url(client_data),
                "attestationObject": b64url(bytes(attestation)),
                "transports": ["internal"],
            },
            "clientExtensionResults": {"credProps": {"rk": True}},
        }

    def get(self, request_options: dict, *, user_handle: bytes | None = None) -> dict:
        """navigator.credentials.get(): an assertion signed by this credential's key (for
        ``user_handle``, by default the user it was made for)."""
        options = request_options["publicKey"]
        self.counter += 1
        flags = AuthenticatorData.FLAG.UP | AuthenticatorData.FLAG.UV
        auth_data = bytes(
            AuthenticatorData.create(
                hashlib.sha256(self.rp_id.encode()).digest(), flags, self.counter
            )
        )
        client_data = self._client_data("webauthn.get", options["challenge"])
        signature = self.key.sign(
            auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256())
        )
        handle = self.user_handle if user_handle is None else user_handle
        return {
            "type": "public-key",
            "id": b64url(self.credential_id),
            "rawId": b64url(self.credential_id),
            "authenticatorAttachment": "platform",
            "response": {
                "clientDataJSON": b64url(client_data),
                "authenticatorData": b64url(auth_data),
                "signature": b64url(signature),
                "userHandle": b64url(handle),
            },
            "clientExtensionResults": {},
        }
