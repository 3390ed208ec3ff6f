"""A read-only inventory of a live registry, through Microsoft's
``azure-containerregistry`` client.

Calls, per registry: ``list_repository_names`` (``GET /acr/v1/_catalog``); per
repository ``list_tag_properties`` ordered by ``timedesc``
(``GET /acr/v1/{repo}/_tags``, the order acr purge reads) and
``list_manifest_properties`` (``GET /acr/v1/{repo}/_manifests``); and for each index
or OCI manifest, the body (``get_manifest``, ``GET /v2/{repo}/manifests/{digest}``)
for its ``manifests[]`` children and its ``subject``. Docker image manifests can have
neither, so their bodies are not read. The client pages through every list itself.

Nothing here deletes or changes anything: the reader reaches the client only through
``_ReadOnly``, which has the four read methods and no other. Signing in is the
caller's choice of credential; the command line uses ``DefaultAzureCredential``
(``az login``, a managed identity, or ``AZURE_CLIENT_ID``/``AZURE_TENANT_ID`` with a
secret or federated token), which needs the ``AcrPull`` role or any role with
metadata read on the registry.

The client's models round ``lastUpdateTime`` to microseconds and leave out
``mediaType``, both of which purge reads; so the reader keeps the JSON the service
sent for the same calls (through azure-core's per-call ``raw_response_hook``), in
ACR's field names, exactly as ``az`` prints it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from .capture import manifest_fields, pick_fields, tag_fields
from .inventory import INDEX_TYPES, OCI_ARTIFACT, OCI_INDEX, OCI_MANIFEST

TAG_ORDER_NEWEST_FIRST = "timedesc"
PAGE_SIZE = 100
_BODY_TYPES = frozenset(INDEX_TYPES | {OCI_MANIFEST, OCI_ARTIFACT, OCI_INDEX})
READ_METHODS = (
    "list_repository_names",
    "list_tag_properties",
    "list_manifest_properties",
    "get_manifest",
)


class RegistryClient(Protocol):
    """What the reader needs of ``azure.containerregistry.ContainerRegistryClient``."""

    def list_repository_names(self, **kwargs: Any) -> Any: ...
    def list_tag_properties(self, repository: str, **kwargs: Any) -> Any: ...
    def list_manifest_properties(self, repository: str, **kwargs: Any) -> Any: ...
    def get_manifest(
        self, repository: str, tag_or_digest: str, **kwargs: Any
    ) -> Any: ...


class _ReadOnly:
    """The client's read methods, and nothing else: a delete or an update cannot be
    reached from here, whatever a later change to the reader calls."""

    __slots__ = READ_METHODS

    def __init__(self, client: RegistryClient) -> None:
        for name in READ_METHODS:
            object.__setattr__(self, name, getattr(client, name))


@dataclass(frozen=True)
class Progress:
    """Where a read is: the repository just finished, and counts so far."""

    repository: str
    done: int
    total: int
    tags: int
    manifests: int
    bodies: int


class LiveReadError(Exception):
    """The registry could not be read; the message names the repository and call."""


def read_registry(
    client: RegistryClient,
    *,
    on_progress: Callable[[Progress], None] | None = None,
) -> tuple[list[str], Iterator[dict]]:
    """The registry's repository names, and its repositories as the inventory has
    them, read one at a time (in name order) as the iterator is consumed."""
    reader = _Reader(_ReadOnly(client))
    names = reader.repository_names()
    return names, reader.repositories(names, on_progress)


class _Reader:
    def __init__(self, client: _ReadOnly) -> None:
        self.client = client
        self.tags = self.manifests = self.bodies = 0

    def repository_names(self) -> list[str]:
        return sorted(
            _call(
                "list repositories",
                lambda: list(
                    self.client.list_repository_names(results_per_page=PAGE_SIZE)
                ),
            )
        )

    def repositories(
        self, names: list[str], on_progress: Callable[[Progress], None] | None
    ) -> Iterator[dict]:
        for done, name in enumerate(names, 1):
            repository = self.repository(name)
            if on_progress is not None:
                on_progress(
                    Progress(
                        name, done, len(names), self.tags, self.manifests, self.bodies
                    )
                )
            yield repository

    def repository(self, name: str) -> dict:
        tags = self._pages(
            f"repository {name}: list tags",
            "tags",
            lambda hook: self.client.list_tag_properties(
                name,
                order_by=TAG_ORDER_NEWEST_FIRST,
                results_per_page=PAGE_SIZE,
                raw_response_hook=hook,
            ),
        )
        manifests = self._pages(
            f"repository {name}: list manifests",
            "manifests",
            lambda hook: self.client.list_manifest_properties(
                name, results_per_page=PAGE_SIZE, raw_response_hook=hook
            ),
        )
        self.tags += len(tags)
        self.manifests += len(manifests)
        return {
            "name": name,
            "tags": [tag_fields(item) for item in tags],
            "manifests": [self.manifest(name, item) for item in manifests],
        }

    def manifest(self, repository: str, item: dict) -> dict:
        result = manifest_fields(item)
        digest = item.get("digest")
        if item.get("mediaType") not in _BODY_TYPES or not isinstance(digest, str):
            return result
        body = _call(
            f"repository {repository}: get manifest {digest}",
            lambda: self.client.get_manifest(repository, digest).manifest,
        )
        self.bodies += 1
        if not isinstance(body, dict):
            return result
        children = body.get("manifests")
        if isinstance(children, list) and children:
            result["references"] = [
                pick_fields(child, ("digest", "mediaType"))
                for child in children
                if isinstance(child, dict)
            ]
        subject = body.get("subject")
        if isinstance(subject, dict) and isinstance(subject.get("digest"), str):
            result["subject"] = {"digest": subject["digest"]}
        return result

    def _pages(
        self, what: str, key: str, start: Callable[[Callable], Any]
    ) -> list[dict]:
        """Every item of a paged list, as the service sent it."""
        items: list[dict] = []

        def keep_page(response: Any) -> None:
            http_response = response.http_response
            if http_response.status_code != 200:
                return  # the sign-in challenge before the same request is repeated
            try:
                page = json.loads(http_response.body())
            except ValueError:
                raise LiveReadError(f"{what}: the response is not JSON") from None
            if isinstance(page, dict) and isinstance(page.get(key), list):
                items.extend(i for i in page[key] if isinstance(i, dict))

        _call(what, lambda: sum(1 for _ in start(keep_page)))
        return items


def _call(what: str, action: Callable[[], Any]) -> Any:
    from azure.core.exceptions import AzureError, ClientAuthenticationError

    try:
        return action()
    except ValueError as error:  # a manifest whose digest or size does not check out
        raise LiveReadError(f"{what}: {_first_line(error)}") from None
    except ClientAuthenticationError as error:
        raise LiveReadError(
            f"{what}: not signed in or not allowed ({_first_line(error)}); sign in "
            "with `az login` or a managed identity that has the AcrPull role on the "
            "registry"
        ) from None
    except AzureError as error:
        raise LiveReadError(f"{what}: {_first_line(error)}") from None


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def connect(login_server: str, credential: Any = None) -> Any:
    """A ``ContainerRegistryClient`` for ``login_server`` signed in with
    ``DefaultAzureCredential`` unless another credential is given."""
    from azure.containerregistry import ContainerRegistryClient

    if credential is None:
        from azure.identity import DefaultAzureCredential

        credential = DefaultAzureCredential()
    endpoint = login_server if "://" in login_server else f"https://{login_server}"
    return ContainerRegistryClient(endpoint, credential)
