"""A registry inventory: what ``acr purge`` reads, in ACR's own field names.

The JSON file (``acr-lifecycle preview --inventory FILE``)::

    {
      "capturedAt": "2026-07-01T00:00:00Z",            optional: default for --now
      "source": "acr-api",                             optional: how it was read
      "registries": [
        {
          "name": "myregistry",                          as in the catalogue
          "loginServer": "myregistry.azurecr.io",        optional
          "repositories": [
            {
              "name": "apps/web",
              "tags": [                                  GET /acr/v1/{repo}/_tags
                {
                  "name": "v1.2.0",
                  "digest": "sha256:...",
                  "lastUpdateTime": "2026-06-01T10:00:00.1234567Z",
                  "changeableAttributes": {"deleteEnabled": true, "writeEnabled": true}
                }
              ],
              "manifests": [                             GET /acr/v1/{repo}/_manifests
                {
                  "digest": "sha256:...",
                  "mediaType": "application/vnd.oci.image.index.v1+json",
                  "tags": ["v1.2.0"],
                  "lastUpdateTime": "2026-06-01T10:00:00.1234567Z",
                  "changeableAttributes": {"deleteEnabled": true, "writeEnabled": true},
                  "references": [                        an index's manifests[]
                    {"digest": "sha256:...", "mediaType": "..."}
                  ],
                  "subject": {"digest": "sha256:..."}    a referrer's subject
                }
              ]
            }
          ]
        }
      ]
    }

Rules the loader enforces: every tag points at a manifest of its repository; a
manifest's ``tags`` (optional, derived when left out) agrees with the tag list; names
and digests are unique. ``changeableAttributes`` left out means unlocked, as acr-cli
reads it. Times keep full precision (integer nanoseconds). A tag time that is not
RFC 3339 is accepted here and fails the purge run that reaches it, as in acr-cli; a
manifest time that is missing or unreadable protects the manifest.

``source`` says how the file was made: ``acr-api`` by a live read
(``acr-lifecycle inventory --registry``, ``live.py``), ``az-cli`` converted from az
outputs (``azcli.py``), which lack manifest bodies, so the preview warns that
children and referrers are unknown. Left out, nothing is assumed.

A valid file is loaded one repository at a time (``_fastload.py``); any problem
sends it through the careful reader here, which reports every problem it finds.
"""

from __future__ import annotations

import gc
import json
import os
from collections import namedtuple
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Self

from ..errors import AcrLifecycleError
from .timestamps import TimestampError, format_timestamp, parse_timestamp

OCI_INDEX = "application/vnd.oci.image.index.v1+json"
DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_ARTIFACT = "application/vnd.oci.artifact.manifest.v1+json"
DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
INDEX_TYPES = frozenset({OCI_INDEX, DOCKER_MANIFEST_LIST})

MAX_PROBLEMS = 20
# How the inventory was read; "az-cli" has no manifest bodies (see azcli.py).
SOURCES = ("az-cli", "acr-api")


class InventoryError(AcrLifecycleError):
    """The inventory cannot be used; each line names where, what, value and fix."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class Tag(namedtuple("_TagFields", "name digest time")):
    """One tag as ``_tags`` lists it. ``time`` is None when not RFC 3339.

    A tuple of what identifies it, so that ``_fastload`` builds a large inventory's
    tags in C. The other attributes are the class's defaults below until an
    instance sets its own (an unreadable time's text, a lock), and stay settable."""

    unparsed_time: str | None = None
    delete_enabled: bool = True
    write_enabled: bool = True

    def __new__(
        cls,
        name: str,
        digest: str,
        time_text: str,
        delete_enabled: bool = True,
        write_enabled: bool = True,
    ) -> Self:
        time = _time_or_none(time_text)
        tag = tuple.__new__(cls, (name, digest, time))
        if time is None:
            # Kept only when unreadable (for acr-cli's error message): saves memory.
            tag.unparsed_time = time_text
        if delete_enabled is not True:
            tag.delete_enabled = delete_enabled
        if write_enabled is not True:
            tag.write_enabled = write_enabled
        return tag

    @property
    def time_text(self) -> str:
        return self.unparsed_time if self.time is None else format_timestamp(self.time)

    @property
    def locked(self) -> bool:
        return not (self.delete_enabled and self.write_enabled)

    def __repr__(self) -> str:
        return f"Tag({self.name!r}, {self.digest!r}, {self.time_text!r})"


@dataclass(frozen=True, slots=True)
class Reference:
    """A descriptor in an index's ``manifests[]``."""

    digest: str
    media_type: str | None = None


class Manifest(namedtuple("_ManifestFields", "digest media_type tags time")):
    """One manifest as ``_manifests`` lists it, plus what purge reads from its body.
    A tuple with settable defaults, as ``Tag`` is."""

    unparsed_time: str | None = None
    delete_enabled: bool = True
    write_enabled: bool = True
    references: tuple[Reference, ...] = ()
    subject: str | None = None

    def __new__(
        cls,
        digest: str,
        media_type: str | None,
        time_text: str | None,
        *,
        tags: tuple[str, ...] = (),
        delete_enabled: bool = True,
        write_enabled: bool = True,
        references: tuple[Reference, ...] = (),
        subject: str | None = None,
    ) -> Self:
        time = _time_or_none(time_text) if time_text is not None else None
        manifest = tuple.__new__(cls, (digest, media_type, tags, time))
        if time is None and time_text is not None:
            manifest.unparsed_time = time_text
        if delete_enabled is not True:
            manifest.delete_enabled = delete_enabled
        if write_enabled is not True:
            manifest.write_enabled = write_enabled
        if references != ():
            manifest.references = references
        if subject is not None:
            manifest.subject = subject
        return manifest

    @property
    def time_text(self) -> str | None:
        return self.unparsed_time if self.time is None else format_timestamp(self.time)

    @property
    def locked(self) -> bool:
        return not (self.delete_enabled and self.write_enabled)

    def __repr__(self) -> str:
        return f"Manifest({self.digest!r}, tags={self.tags!r})"


@dataclass(slots=True)
class Repository:
    name: str
    tags: list[Tag] = field(default_factory=list)
    manifests: dict[str, Manifest] = field(default_factory=dict)


@dataclass(slots=True)
class Registry:
    name: str
    repositories: dict[str, Repository] = field(default_factory=dict)
    login_server: str | None = None

    @property
    def server(self) -> str:
        return self.login_server or f"{self.name.lower()}.azurecr.io"


@dataclass(slots=True)
class Inventory:
    registries: dict[str, Registry] = field(default_factory=dict)
    captured_at: int | None = None
    source: str | None = None

    def registry(self, name: str) -> Registry | None:
        return self.registries.get(name.lower())


def _time_or_none(text: object) -> int | None:
    if not isinstance(text, str):
        return None
    try:
        return parse_timestamp(text)
    except TimestampError:
        return None


def load_inventory(path: str | os.PathLike) -> Inventory:
    """Read an inventory file; raise InventoryError listing what is wrong and where."""
    from ._fastload import Fallback, load_fast

    try:
        with open(path, "rb") as handle, without_cyclic_gc():
            return load_fast(handle, _Reader(str(path)))
    except (Fallback, OSError):
        pass  # read again below, the careful way, which words every problem
    try:
        with open(path, "rb") as handle, without_cyclic_gc():
            data = json.load(handle, object_pairs_hook=_SharedValues().object)
    except FileNotFoundError:
        raise InventoryError(
            [f"{path}: no such file; pass an inventory JSON file"]
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InventoryError([f"{path}: cannot read the file ({error})"]) from None
    except json.JSONDecodeError as error:
        raise InventoryError(
            [f"{path}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}"]
        ) from None
    with without_cyclic_gc():
        return inventory_from_json(data, source=str(path))


@contextmanager
def without_cyclic_gc():
    """Millions of new objects trigger cyclic collections that find nothing; an
    inventory holds no cycles, so loading runs without them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _SharedValues:
    """Builds JSON objects so that repeated small values are shared: every
    changeableAttributes object with the same content is one dict, every media type
    one string. Nothing mutates parsed objects, so sharing is safe."""

    def __init__(self) -> None:
        self.objects: dict[tuple, dict] = {}
        self.strings: dict[str, str] = {}

    def object(self, pairs: list[tuple[str, object]]) -> dict:
        if pairs and all(isinstance(v, bool) for _, v in pairs):
            key = tuple(pairs)
            shared = self.objects.get(key)
            if shared is None:
                shared = self.objects[key] = dict(pairs)
            return shared
        result = dict(pairs)
        media_type = result.get("mediaType")
        if isinstance(media_type, str):
            result["mediaType"] = self.strings.setdefault(media_type, media_type)
        return result


def inventory_from_json(data: object, *, source: str = "inventory") -> Inventory:
    """Build an Inventory from parsed JSON; the raw repositories are released as they
    are converted, so a large file does not live twice in memory."""
    reader = _Reader(source)
    inventory = reader.inventory(data)
    if reader.problems:
        raise InventoryError(reader.problems)
    return inventory


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[str] = []
        # Shares equal digests between tags, manifests and references.
        self.intern = {}.setdefault

    def problem(self, where: object, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(f"{self.source}: {where}: {message}")
        elif len(self.problems) == MAX_PROBLEMS:
            self.problems.append(f"{self.source}: further problems not shown")

    def inventory(self, data: object) -> Inventory:
        inventory = Inventory()
        if not isinstance(data, dict) or not isinstance(data.get("registries"), list):
            self.problem(
                "top level",
                'expected an object with a "registries" list, e.g. {"registries": '
                '[{"name": "myregistry", "repositories": []}]}',
            )
            return inventory
        self._unknown(
            data, {"registries", "capturedAt", "format", "source"}, "top level"
        )
        source = data.get("source")
        if source is not None and source not in SOURCES:
            self.problem(
                "source",
                f"{source!r} is not one of {', '.join(SOURCES)}; or leave source out",
            )
        inventory.source = source if source in SOURCES else None
        captured = data.get("capturedAt")
        if captured is not None:
            try:
                inventory.captured_at = parse_timestamp(str(captured))
            except TimestampError as error:
                self.problem("capturedAt", f"{error}; or leave capturedAt out")
        registries = data["registries"]
        for index, raw in enumerate(registries):
            where = f"registries[{index}]"
            registry = self.registry(raw, where)
            if registry is None:
                continue
            key = registry.name.lower()
            if key in inventory.registries:
                self.problem(
                    where, f"registry '{registry.name}' appears twice; merge them"
                )
            inventory.registries[key] = registry
        return inventory

    def registry(self, raw: object, where: str) -> Registry | None:
        if not isinstance(raw, dict):
            self.problem(where, 'expected an object with "name" and "repositories"')
            return None
        self._unknown(raw, {"name", "loginServer", "repositories"}, where)
        name = raw.get("name")
        if not isinstance(name, str) or not name:
            self.problem(
                f"{where}.name", "missing; give the registry name, e.g. 'myregistry'"
            )
            return None
        where = f"registry {name}"
        registry = Registry(name, login_server=_optional_str(raw.get("loginServer")))
        repositories = raw.get("repositories")
        if not isinstance(repositories, list):
            self.problem(where, '"repositories" must be a list (it may be empty)')
            return registry
        for index in range(len(repositories)):
            repository = self.repository(
                repositories[index], f"{where}, repositories[{index}]"
            )
            repositories[index] = None  # release the raw form early
            if repository is None:
                continue
            if repository.name in registry.repositories:
                self.problem(
                    f"{where}, repository {repository.name}",
                    "appears twice; merge its tags and manifests into one entry",
                )
            registry.repositories[repository.name] = repository
        return registry

    def repository(self, raw: object, where: str) -> Repository | None:
        if not isinstance(raw, dict):
            self.problem(
                where, 'expected an object with "name", "tags" and "manifests"'
            )
            return None
        self._unknown(raw, {"name", "tags", "manifests"}, where)
        name = raw.get("name")
        if not isinstance(name, str) or not name:
            self.problem(
                f"{where}.name", "missing; give the repository name, e.g. 'apps/web'"
            )
            return None
        where = f"repository {name}"
        repository = Repository(name)
        tags_by_digest: dict[str, list[str]] = {}
        seen_tags: set[str] = set()
        for index, item in enumerate(_list(raw.get("tags"))):
            tag = self.tag(item, where, index)
            if tag is None:
                continue
            if tag.name in seen_tags:
                self.problem(
                    f"{where}, tag {tag.name}", "appears twice; keep one entry"
                )
                continue
            seen_tags.add(tag.name)
            repository.tags.append(tag)
            tags_by_digest.setdefault(tag.digest, []).append(tag.name)
        for index, item in enumerate(_list(raw.get("manifests"))):
            manifest = self.manifest(item, where, index, tags_by_digest)
            if manifest is None:
                continue
            if manifest.digest in repository.manifests:
                self.problem(
                    f"{where}, manifest {manifest.digest}",
                    "appears twice; keep one entry",
                )
            repository.manifests[manifest.digest] = manifest
        for digest, names in tags_by_digest.items():
            if digest not in repository.manifests:
                self.problem(
                    f"{where}, tag {names[0]}",
                    f"points at {digest}, which is not among the repository's "
                    "manifests; "
                    "add a manifest entry with that digest, its mediaType and "
                    "lastUpdateTime",
                )
        for key in ("tags", "manifests"):
            if key in raw and not isinstance(raw[key], list):
                self.problem(where, f'"{key}" must be a list')
        return repository

    def tag(self, raw: object, repository: str, index: int) -> Tag | None:
        """One tag; the path for messages is built only when there is a problem."""
        where = _Path(repository, "tags", index)
        if not isinstance(raw, dict):
            self.problem(
                where, 'expected an object with "name", "digest", "lastUpdateTime"'
            )
            return None
        name, digest, time_text = (
            raw.get("name"),
            raw.get("digest"),
            raw.get("lastUpdateTime"),
        )
        missing = [
            key
            for key, value in (
                ("name", name),
                ("digest", digest),
                ("lastUpdateTime", time_text),
            )
            if not isinstance(value, str) or not value
        ]
        if missing:
            self.problem(
                where,
                f"missing or not text: {', '.join(missing)}; a tag needs name, "
                "digest and "
                "lastUpdateTime (RFC 3339) as ACR lists them",
            )
            return None
        delete_enabled, write_enabled = self.attributes(raw, where)
        return Tag(
            name,
            self.intern(digest, digest),
            time_text,
            delete_enabled,
            write_enabled,
        )

    def manifest(
        self,
        raw: object,
        repository: str,
        index: int,
        tags_by_digest: dict[str, list[str]],
    ) -> Manifest | None:
        where: object = _Path(repository, "manifests", index)
        if not isinstance(raw, dict):
            self.problem(where, 'expected an object with "digest" and "mediaType"')
            return None
        digest = raw.get("digest")
        if not isinstance(digest, str) or not digest:
            self.problem(where, 'missing "digest"; every manifest needs its digest')
            return None
        where = _Path(repository, "manifest", digest)
        listed = tags_by_digest.get(digest, [])
        given = raw.get("tags")
        if given is not None:
            if not isinstance(given, list) or not all(
                isinstance(t, str) for t in given
            ):
                self.problem(where, '"tags" must be a list of tag names')
            elif given != listed and sorted(given) != sorted(listed):
                self.problem(
                    where,
                    f"lists tags {sorted(given)} but the repository's tag list points "
                    f"{sorted(listed)} at it; make them agree, or leave the manifest's "
                    "tags out to derive them",
                )
        time_text = raw.get("lastUpdateTime")
        if time_text is not None and not isinstance(time_text, str):
            self.problem(where, "lastUpdateTime must be text (RFC 3339)")
            time_text = None
        delete_enabled, write_enabled = self.attributes(raw, where)
        subject = raw.get("subject")
        subject_digest = None
        if isinstance(subject, dict):
            subject_digest = _optional_str(subject.get("digest")) or None
        elif subject is not None:
            self.problem(
                where, '"subject" must be an object like {"digest": "sha256:..."}'
            )
        return Manifest(
            self.intern(digest, digest),
            _optional_str(raw.get("mediaType")) or None,
            time_text,
            tags=tuple(listed),
            delete_enabled=delete_enabled,
            write_enabled=write_enabled,
            references=self.references(raw.get("references"), where),
            subject=subject_digest,
        )

    def references(self, raw: object, where: object) -> tuple[Reference, ...]:
        if raw is None:
            return ()
        if not isinstance(raw, list):
            self.problem(
                where, '"references" must be a list of {"digest", "mediaType"}'
            )
            return ()
        result = []
        for item in raw:
            if isinstance(item, dict) and isinstance(item.get("digest"), str):
                digest = self.intern(item["digest"], item["digest"])
                result.append(Reference(digest, _optional_str(item.get("mediaType"))))
            else:
                self.problem(
                    where,
                    f"reference {item!r} is not an object with a digest, e.g. "
                    '{"digest": "sha256:...", "mediaType": "..."}',
                )
        return tuple(result)

    def attributes(self, raw: dict, where: object) -> tuple[bool, bool]:
        attributes = raw.get("changeableAttributes")
        if attributes is None:
            return True, True
        if not isinstance(attributes, dict):
            self.problem(where, '"changeableAttributes" must be an object')
            return True, True
        values = []
        for key in ("deleteEnabled", "writeEnabled"):
            value = attributes.get(key, True)
            if not isinstance(value, bool):
                self.problem(where, f"changeableAttributes.{key} must be true or false")
                value = True
            values.append(value)
        return values[0], values[1]

    def _unknown(self, raw: dict, known: set[str], where: str) -> None:
        extra = sorted(set(raw) - known)
        if extra:
            self.problem(
                where,
                f"unknown field(s) {', '.join(extra)}; "
                f"expected {', '.join(sorted(known))}",
            )


class _Path:
    """Where an item sits, rendered only for a message: ``repository app, tags[3]``
    or ``repository app, manifest sha256:...``."""

    __slots__ = ("repository", "kind", "key")

    def __init__(self, repository: str, kind: str, key: object) -> None:
        self.repository, self.kind, self.key = repository, kind, key

    def __str__(self) -> str:
        if isinstance(self.key, int):
            return f"{self.repository}, {self.kind}[{self.key}]"
        return f"{self.repository}, {self.kind} {self.key}"


def _list(value: object) -> list:
    return value if isinstance(value, list) else []


def _optional_str(value: object) -> str | None:
    return value if isinstance(value, str) else None
