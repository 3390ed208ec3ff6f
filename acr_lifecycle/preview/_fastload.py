"""The fast path of ``load_inventory``, for a valid file.

The file is read in chunks and parsed one repository at a time, so a large inventory
never lives in memory as parsed JSON; each repository is converted with bulk
operations (one pass per field, timestamps parsed once per distinct text). Anything
this path does not expect (a problem of any kind, a duplicate key, an unusual layout,
a field it does not convert) raises ``Fallback``, and the caller loads the file the
careful way, which finds and words every problem. Both paths build the same
inventory.
"""

from __future__ import annotations

import codecs
import json
from functools import partial
from itertools import chain, compress, repeat
from json.decoder import WHITESPACE
from operator import eq, itemgetter, not_

from .inventory import SOURCES, Inventory, Manifest, Registry, Repository, Tag
from .timestamps import TimestampError, parse_timestamp, parse_timestamps

CHUNK_CHARACTERS = 1 << 22
_UNLOCKED = {"deleteEnabled": True, "writeEnabled": True}
_REPOSITORY_KEYS = frozenset({"name", "tags", "manifests"})
_TAG_FIELDS = itemgetter("name", "digest", "lastUpdateTime")
_TEXT_OR_NONE = frozenset({str, type(None)})


class Fallback(Exception):
    """The fast path cannot vouch for this file; load it the careful way."""


def load_fast(handle, reader) -> Inventory:
    """Parse an inventory file (binary handle) with ``reader`` (inventory._Reader)
    converting what the fast path does not; raise Fallback on anything unexpected."""
    stream = _Stream(handle)
    inventory = Inventory()
    top: dict[str, object] = {}
    seen: set[str] = set()
    stream.take("{")
    for key in stream.object_keys():
        if key in seen:
            raise Fallback
        seen.add(key)
        if key == "registries" and stream.peek() == "[":
            for _ in stream.array_items():
                registry = _registry(stream, reader)
                name = registry.name.lower()
                if name in inventory.registries:
                    raise Fallback
                inventory.registries[name] = registry
        else:
            top[key] = stream.value()
    if stream.peek() != "":
        raise Fallback
    if "registries" not in seen or set(top) - {"capturedAt", "format", "source"}:
        raise Fallback
    captured, source = top.get("capturedAt"), top.get("source")
    if captured is not None:
        try:
            inventory.captured_at = parse_timestamp(str(captured))
        except TimestampError:
            raise Fallback from None
    if source is not None and source not in SOURCES:
        raise Fallback
    inventory.source = source
    if reader.problems:
        raise Fallback
    return inventory


def _registry(stream: _Stream, reader) -> Registry:
    stream.take("{")
    name = login_server = None
    registry = None
    seen: set[str] = set()
    for key in stream.object_keys():
        if key in seen:
            raise Fallback
        seen.add(key)
        if key == "name":
            name = stream.value()
            if not isinstance(name, str) or not name:
                raise Fallback
        elif key == "loginServer":
            value = stream.value()
            login_server = value if isinstance(value, str) else None
        elif key == "repositories" and name is not None and stream.peek() == "[":
            registry = Registry(name)
            for index in stream.array_items():
                raw = stream.value()
                repository = convert_repository(raw)
                if repository is None:
                    repository = reader.repository(
                        raw, f"registry {name}, repositories[{index}]"
                    )
                if (
                    repository is None
                    or reader.problems
                    or repository.name in registry.repositories
                ):
                    raise Fallback
                registry.repositories[repository.name] = repository
        else:
            raise Fallback
    if registry is None:
        raise Fallback
    registry.login_server = login_server
    return registry


def convert_repository(raw: object) -> Repository | None:
    """A repository that has nothing wrong and nothing unusual, or None."""
    if type(raw) is not dict or not raw.keys() <= _REPOSITORY_KEYS:
        return None
    name = raw.get("name")
    raw_tags = raw.get("tags", [])
    raw_manifests = raw.get("manifests", [])
    if type(name) is not str or not name:
        return None
    if type(raw_tags) is not list or type(raw_manifests) is not list:
        return None
    try:
        # One pass over the tag objects for three fields; zip(*) transposes.
        tag_fields = list(map(_TAG_FIELDS, raw_tags))
        tag_names, tag_digests, tag_texts = (
            map(list, zip(*tag_fields)) if tag_fields else ([], [], [])
        )
        tag_locks = [t.get("changeableAttributes", _UNLOCKED) for t in raw_tags]
        digests = [m["digest"] for m in raw_manifests]
        media_types = [m.get("mediaType") for m in raw_manifests]
        listed_tags = [m.get("tags") for m in raw_manifests]
        texts = [m.get("lastUpdateTime") for m in raw_manifests]
        locks = [m.get("changeableAttributes", _UNLOCKED) for m in raw_manifests]
        unusual = [m for m in raw_manifests if "references" in m or "subject" in m]
    except (KeyError, TypeError, AttributeError):
        return None
    if unusual:
        return None
    if not (
        _all_text(tag_names)
        and _all_text(tag_digests)
        and _all_text(tag_texts)
        and _all_text(digests)
        and set(map(type, texts)) <= _TEXT_OR_NONE
        and set(map(type, media_types)) <= _TEXT_OR_NONE
    ):
        return None

    tag_locks = _lock_columns(tag_locks)
    locks = _lock_columns(locks)
    if tag_locks is None or locks is None:
        return None
    return build_repository(
        name,
        (tag_names, tag_digests, tag_texts, *tag_locks),
        (digests, media_types, listed_tags, texts, *locks),
    )


def build_repository(name: str, tag_columns: tuple, manifest_columns: tuple):
    """A Repository from its fields, one list per field, or None if a tag points
    at no manifest of the repository or a manifest lists other tags than point at
    it. ``listed_tags`` items are None where the file leaves a manifest's out."""
    tag_names, tag_digests, tag_texts, tag_deletes, tag_writes = tag_columns
    digests, media_types, listed_tags, texts, deletes, writes = manifest_columns
    if len(set(tag_names)) != len(tag_names) or len(set(digests)) != len(digests):
        return None

    # Digests: one object per digest, shared by tags and manifests.
    canonical = dict(zip(digests, digests))
    tag_digests = list(map(canonical.get, tag_digests))
    if None in tag_digests:
        return None
    tags_by_digest: dict[str, list[str]] = {}
    for tag_name, digest in zip(tag_names, tag_digests):
        tags_by_digest.setdefault(digest, []).append(tag_name)
    derived = [tags_by_digest.get(d, []) for d in digests]
    if listed_tags != derived:
        for given, found in zip(listed_tags, derived):
            if given is not None and given != found:
                return None

    times = _times(tag_texts + texts)
    tag_times = list(map(times.__getitem__, tag_texts))
    tags = list(map(_new_tag, zip(tag_names, tag_digests, tag_times)))
    _set_exceptions(tags, tag_times, tag_texts, tag_deletes, tag_writes)
    manifest_times = [times[t] if t is not None else None for t in texts]
    media_types = list(map(_MEDIA_TYPES.setdefault, media_types, media_types))
    if "" in media_types:
        media_types = [m or None for m in media_types]
    no_tags = ()
    listed = [tuple(names) if names else no_tags for names in derived]
    manifests = list(
        map(_new_manifest, zip(digests, media_types, listed, manifest_times))
    )
    _set_exceptions(manifests, manifest_times, texts, deletes, writes)
    repository = Repository(name)
    repository.tags = tags
    repository.manifests = dict(zip(digests, manifests))
    return repository


_new_tag = partial(tuple.__new__, Tag)
_new_manifest = partial(tuple.__new__, Manifest)


def _set_exceptions(
    items: list, times: list, texts: list, deletes: list, writes: list
) -> None:
    """Set what differs from the class defaults (Tag, Manifest): an unreadable
    time's text, and locks; few items have either."""
    if None in times:
        for item, time, text in zip(items, times, texts):
            if time is None and text is not None:
                item.unparsed_time = text
    if False in deletes:
        for item, value in zip(items, deletes):
            if value is not True:
                item.delete_enabled = value
    if False in writes:
        for item, value in zip(items, writes):
            if value is not True:
                item.write_enabled = value


def _lock_columns(locks: list) -> tuple[list, list] | None:
    """(deleteEnabled, writeEnabled) columns of changeableAttributes objects, or
    None if one holds anything but those two booleans."""
    unlocked = list(map(eq, locks, repeat(_UNLOCKED)))
    # == holds for 1 and 1.0 too, which the careful path refuses: the values of
    # the objects equal to _UNLOCKED must be booleans.
    values = chain.from_iterable(map(dict.values, compress(locks, unlocked)))
    if not set(map(type, values)) <= {bool}:
        return None
    deletes, writes = [True] * len(locks), [True] * len(locks)
    for index in compress(range(len(locks)), map(not_, unlocked)):
        attributes = _attributes(locks[index])
        if attributes is None:
            return None
        deletes[index], writes[index] = attributes
    return deletes, writes


# One object per media type for the whole process: a handful of distinct values.
_MEDIA_TYPES: dict[str | None, str | None] = {None: None}


def _attributes(lock: object) -> tuple[bool, bool] | None:
    """(deleteEnabled, writeEnabled) of a changeableAttributes object, or None if it
    holds anything but those two booleans."""
    if type(lock) is not dict or not lock.keys() <= _UNLOCKED.keys():
        return None
    delete_enabled = lock.get("deleteEnabled", True)
    write_enabled = lock.get("writeEnabled", True)
    if type(delete_enabled) is not bool or type(write_enabled) is not bool:
        return None
    return delete_enabled, write_enabled


def _all_text(values: list) -> bool:
    """Every value is a non-empty string."""
    return set(map(type, values)) <= {str} and "" not in values


def _times(texts: list) -> dict:
    """Each distinct time text, parsed once: nanoseconds, or None if not RFC 3339."""
    result: dict = dict.fromkeys(texts)
    result.pop(None, None)
    result = parse_timestamps(result)
    result[None] = None
    return result


class _Stream:
    """JSON values read one at a time from a binary file, decoded as UTF-8."""

    def __init__(self, handle) -> None:
        self.handle = handle
        self.decode = codecs.getincrementaldecoder("utf-8")("strict").decode
        self.buffer = ""
        self.position = 0
        self.ended = False
        self.decoder = json.JSONDecoder()

    def _more(self) -> bool:
        if self.ended:
            return False
        size = max(CHUNK_CHARACTERS, len(self.buffer) - self.position)
        data = self.handle.read(size)
        try:
            text = self.decode(data, final=not data)
        except UnicodeDecodeError:
            raise Fallback from None
        self.buffer = self.buffer[self.position :] + text
        self.position = 0
        self.ended = not data
        return True

    def peek(self) -> str:
        """The next character that is not white space, or '' at the end."""
        while True:
            self.position = WHITESPACE.match(self.buffer, self.position).end()
            if self.position < len(self.buffer):
                return self.buffer[self.position]
            if not self._more():
                return ""

    def take(self, character: str) -> None:
        if self.peek() != character:
            raise Fallback
        self.position += 1

    def value(self) -> object:
        self.peek()
        if len(self.buffer) - self.position < CHUNK_CHARACTERS // 2:
            # A value cut off by the end of the buffer is parsed again from its
            # start: keeping half a chunk ahead, most values parse at the first try.
            self._more()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buffer, self.position)
            except json.JSONDecodeError:
                if not self._more():
                    raise Fallback from None
                continue
            # A number or literal at the very end may continue in the next chunk.
            if end >= len(self.buffer) and self._more():
                continue
            self.position = end
            return value

    def object_keys(self):
        """The keys of an object whose '{' was taken; the caller reads each value."""
        if self.peek() == "}":
            self.position += 1
            return
        while True:
            key = self.value()
            if type(key) is not str:
                raise Fallback
            self.take(":")
            yield key
            following = self.peek()
            self.position += 1
            if following == "}":
                return
            if following != ",":
                raise Fallback

    def array_items(self):
        """Indexes of an array's items, '[' included; the caller reads each item."""
        self.take("[")
        if self.peek() == "]":
            self.position += 1
            return
        index = 0
        while True:
            yield index
            index += 1
            following = self.peek()
            self.position += 1
            if following == "]":
                return
            if following != ",":
                raise Fallback
