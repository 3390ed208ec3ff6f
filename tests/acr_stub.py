"""A registry on 127.0.0.1 that answers the calls the ACR client makes for a read.

It implements the sign-in challenge (401 with ``WWW-Authenticate``), the token
exchange (``POST /oauth2/exchange`` and ``/oauth2/token``), the paged lists
(``/acr/v1/_catalog``, ``/acr/v1/{repo}/_tags``, ``/acr/v1/{repo}/_manifests``, with
``Link`` headers, two items a page) and manifest bodies (``/v2/{repo}/manifests/{ref}``
with the digest headers the client checks). Every request is recorded, so a test can
assert that a read sent nothing but reads. Anything else answers 405.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self
from urllib.parse import parse_qs, quote, unquote, urlsplit

from azure.core.credentials import AccessToken

PAGE_SIZE = 2
AAD_TOKEN = "stub-aad-token"
ACCESS_TOKEN = "stub-access-token"
# A JWT-shaped refresh token: the client reads "exp" from its middle part.
_PAYLOAD = base64.b64encode(json.dumps({"exp": 4102444800}).encode()).decode()
REFRESH_TOKEN = f"e30.{_PAYLOAD}.sig"


class StubCredential:
    """An Entra ID credential that hands out a fixed token, without a network."""

    def __init__(self) -> None:
        self.scopes: list[tuple[str, ...]] = []

    def get_token(self, *scopes: str, **_: object) -> AccessToken:
        self.scopes.append(scopes)
        return AccessToken(AAD_TOKEN, 4102444800)


def manifest_body(document: dict) -> tuple[str, bytes]:
    """The digest and bytes of a manifest body."""
    body = json.dumps(document, sort_keys=True).encode()
    return "sha256:" + hashlib.sha256(body).hexdigest(), body


@dataclass
class StubRepository:
    tags: list[dict] = field(default_factory=list)  # in timedesc order
    manifests: list[dict] = field(default_factory=list)
    bodies: dict[str, tuple[str, bytes]] = field(default_factory=dict)


class StubRegistry:
    """Run with ``with StubRegistry(repositories) as registry:``; the server stops,
    and its thread ends, when the block ends."""

    def __init__(self, repositories: dict[str, StubRepository]) -> None:
        self.repositories = repositories
        self.requests: list[tuple[str, str]] = []
        self.fail_with: int | None = None
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.timeout = 5
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def endpoint(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def _handler(registry: StubRegistry) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def log_message(self, *_: object) -> None:
            pass

        def do_GET(self) -> None:
            registry.requests.append(("GET", self.path))
            if self.headers.get("Authorization") != f"Bearer {ACCESS_TOKEN}":
                self._challenge()
            elif registry.fail_with is not None:
                self._json(registry.fail_with, {"errors": [{"code": "DENIED"}]})
            else:
                self._read()

        def do_POST(self) -> None:
            registry.requests.append(("POST", self.path))
            length = int(self.headers.get("Content-Length") or 0)
            form = parse_qs(self.rfile.read(length).decode())
            path = urlsplit(self.path).path
            if path == "/oauth2/exchange" and form.get("access_token") == [AAD_TOKEN]:
                self._json(200, {"refresh_token": REFRESH_TOKEN})
            elif path == "/oauth2/token" and form.get("refresh_token") == [
                REFRESH_TOKEN
            ]:
                self._json(200, {"access_token": ACCESS_TOKEN})
            else:
                self._json(401, {"errors": [{"code": "UNAUTHORIZED"}]})

        def do_DELETE(self) -> None:
            registry.requests.append(("DELETE", self.path))
            self._json(405, {"errors": [{"code": "UNSUPPORTED"}]})

        def do_PATCH(self) -> None:
            registry.requests.append(("PATCH", self.path))
            self._json(405, {"errors": [{"code": "UNSUPPORTED"}]})

        do_PUT = do_PATCH

        def _challenge(self) -> None:
            host, port = self.server.server_address[:2]
            self.send_response(401)
            self.send_header(
                "WWW-Authenticate",
                f'Bearer realm="http://{host}:{port}/oauth2/token",'
                f'service="{host}",scope="registry:catalog:*"',
            )
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _read(self) -> None:
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            segments = parts.path.split("/")
            if parts.path == "/acr/v1/_catalog":
                names = sorted(registry.repositories)
                self._page("repositories", names, lambda n: n, query, parts.path)
                return
            if parts.path.startswith("/acr/v1/") and len(segments) == 5:
                repository = registry.repositories.get(unquote(segments[3]))
                kind = segments[4]
                if repository is not None and kind == "_tags":
                    self._page(
                        "tags", repository.tags, lambda t: t["name"], query, parts.path
                    )
                    return
                if repository is not None and kind == "_manifests":
                    self._page(
                        "manifests",
                        repository.manifests,
                        lambda m: m["digest"],
                        query,
                        parts.path,
                    )
                    return
            if parts.path.startswith("/v2/") and "/manifests/" in parts.path:
                name, reference = parts.path[len("/v2/") :].split("/manifests/")
                repository = registry.repositories.get(unquote(name))
                found = repository and repository.bodies.get(unquote(reference))
                if found:
                    media_type, body = found
                    self.send_response(200)
                    self.send_header("Content-Type", media_type)
                    self.send_header("Content-Length", str(len(body)))
                    self.send_header("Docker-Content-Digest", unquote(reference))
                    self.end_headers()
                    self.wfile.write(body)
                    return
            self._json(404, {"errors": [{"code": "NAME_UNKNOWN"}]})

        def _page(self, key, items, key_of, query, path) -> None:
            keys = [key_of(item) for item in items]
            start = keys.index(query["last"]) + 1 if "last" in query else 0
            size = min(int(query.get("n", PAGE_SIZE)), PAGE_SIZE)
            page = items[start : start + size]
            headers = {}
            if start + size < len(items):
                next_query = dict(query, last=keys[start + size - 1], n=str(size))
                link = "&".join(
                    f"{k}={quote(v, safe='')}" for k, v in next_query.items()
                )
                headers["Link"] = f'<{quote(path, safe="/%")}?{link}>; rel="next"'
            self._json(200, {key: page}, headers)

        def _json(self, status: int, document: dict, headers: dict | None = None):
            body = json.dumps(document).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

    return Handler
