"""An inventory from the JSON that the Azure CLI prints for a registry.

Two layouts are accepted. A folder (what the loop below writes)::

    DIR/repositories.json            az acr repository list
    DIR/tags/<repository>.json       az acr repository show-tags --detail (each)
    DIR/manifests/<repository>.json  az acr manifest list-metadata (each)

where ``<repository>`` is the full name, so ``apps/web`` is ``tags/apps/web.json``.
Or one JSON file mapping each repository to both lists::

    {"apps/web": {"tags": [...show-tags --detail...],
                  "manifests": [...list-metadata...]}}

The commands, for a registry ``$registry`` (bash; ``-o json`` on every call)::

    az acr repository list -n "$registry" -o json > repositories.json
    for repo in $(az acr repository list -n "$registry" -o tsv); do
      mkdir -p "tags/$(dirname "$repo")" "manifests/$(dirname "$repo")"
      az acr repository show-tags -n "$registry" --repository "$repo" \\
        --detail --orderby time_desc -o json > "tags/$repo.json"
      az acr manifest list-metadata -r "$registry" -n "$repo" \\
        -o json > "manifests/$repo.json"
    done

``--orderby time_desc`` makes the tag order the server's ``timedesc`` order, which
``--tie-order inventory`` relies on. The outputs are the service's own items (ACR's
field names: ``name``, ``digest``, ``lastUpdateTime``, ``changeableAttributes``,
``mediaType``, ``tags``); fields the preview does not read are left out.

Known limit: ``list-metadata`` lists manifests without their bodies, so an index's
child manifests (``manifests[]``) and a referrer's ``subject`` are unknown, unless the
service includes an index's ``references``, which are kept. The inventory is marked
``"source": "az-cli"`` and the preview warns for each registry with indexes or OCI
manifests: it treats them as having no children and no subject, so it can show a
child of a kept index, or a signature or SBOM, as deleted while ``acr purge`` keeps
it. ``acr-lifecycle inventory --registry NAME`` reads the bodies and has neither gap.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from .capture import manifest_fields, pick_fields, tag_fields
from .inventory import INDEX_TYPES, OCI_ARTIFACT, OCI_INDEX, OCI_MANIFEST

REPOSITORIES_FILE = "repositories.json"
TAGS_FOLDER = "tags"
MANIFESTS_FOLDER = "manifests"
MAX_PROBLEMS = 20

_SUBJECT_POSSIBLE = frozenset({OCI_MANIFEST, OCI_INDEX, OCI_ARTIFACT})
# A repository name as a path below the folder: no empty, '.' or '..' segment.
_SAFE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*(?:/[A-Za-z0-9_][A-Za-z0-9._-]*)*")

TAGS_COMMAND = (
    "az acr repository show-tags -n REGISTRY --repository {repository} --detail "
    "--orderby time_desc -o json"
)
MANIFESTS_COMMAND = "az acr manifest list-metadata -r REGISTRY -n {repository} -o json"
LIST_COMMAND = "az acr repository list -n REGISTRY -o json"


class AzOutputs:
    """The az outputs at ``path`` (a folder or one file), read one repository at a
    time. Problems and warnings collect in ``problems`` and ``warnings``, each line
    naming the file, what is wrong and the fix."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.problems: list[str] = []
        self.warnings: list[str] = []
        self.indexes_without_children = 0
        self.manifests_without_subject = 0
        self._mapping: dict | None = None
        self.repository_names = self._read_names()

    def problem(self, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(message)
        elif len(self.problems) == MAX_PROBLEMS:
            self.problems.append(f"{self.path}: further problems not shown")

    def _read_names(self) -> list[str]:
        if self.path.is_dir():
            where = self.path / REPOSITORIES_FILE
            names = _load(where, self)
            if names is None:
                return []
            if not isinstance(names, list) or not all(
                isinstance(n, str) and n for n in names
            ):
                self.problem(
                    f"{where}: expected the list of repository names that "
                    f'`{LIST_COMMAND}` prints, e.g. ["apps/web"]'
                )
                return []
            return self._checked(names, where)
        mapping = _load(self.path, self)
        if mapping is None:
            return []
        if not isinstance(mapping, dict) or not all(
            isinstance(v, dict) for v in mapping.values()
        ):
            self.problem(
                f"{self.path}: expected a folder with {REPOSITORIES_FILE}, "
                f"{TAGS_FOLDER}/ and {MANIFESTS_FOLDER}/, or one object mapping each "
                'repository to {"tags": [...], "manifests": [...]}'
            )
            return []
        self._mapping = mapping
        return self._checked(list(mapping), self.path)

    def _checked(self, names: list[str], where: Path) -> list[str]:
        seen: set[str] = set()
        result = []
        for name in names:
            if not _SAFE_NAME.fullmatch(name):
                self.problem(
                    f"{where}: repository name {name!r} is not a registry repository "
                    "name (letters, digits, '._-', segments joined by '/')"
                )
            elif name in seen:
                self.problem(f"{where}: repository {name} is listed twice")
            else:
                seen.add(name)
                result.append(name)
        return sorted(result)

    def repositories(self) -> Iterator[dict]:
        """Each repository as the inventory has it, in name order."""
        for name in self.repository_names:
            tags = self._list(name, "tags")
            manifests = self._list(name, "manifests")
            if tags is None or manifests is None:
                continue
            yield {
                "name": name,
                "tags": [self._tag(item) for item in tags],
                "manifests": [self._manifest(item) for item in manifests],
            }
        self._extra_files()
        self._gap_warnings()

    def _list(self, name: str, kind: str) -> list | None:
        command = TAGS_COMMAND if kind == "tags" else MANIFESTS_COMMAND
        command = command.format(repository=name)
        if self._mapping is not None:
            where = f"{self.path}: repository {name}, {kind}"
            value = self._mapping[name].get(kind)
            if value is None:
                self.problem(f"{where}: missing; add the output of `{command}`")
                return None
        else:
            file = self.path / kind / f"{name}.json"
            where = str(file)
            if not file.is_file():
                self.problem(f"{where}: no such file; write it with `{command}`")
                return None
            value = _load(file, self)
            if value is None:
                return None
        if not isinstance(value, list):
            self.problem(f"{where}: expected the JSON list that `{command}` prints")
            return None
        if kind == "tags" and any(isinstance(item, str) for item in value):
            self.problem(
                f"{where}: lists tag names only; run show-tags with --detail: "
                f"`{command}`"
            )
            return None
        if kind == "manifests" and any(
            isinstance(item, dict) and "timestamp" in item and "mediaType" not in item
            for item in value
        ):
            self.problem(
                f"{where}: has the short form of `az acr repository show-manifests` "
                f"(no mediaType, no changeableAttributes); use `{command}`"
            )
            return None
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                self.problem(
                    f"{where}: item {index} is {item!r}, not an object as "
                    f"`{command}` prints"
                )
                return None
        return value

    def _tag(self, item: dict) -> dict:
        return tag_fields(item)

    def _manifest(self, item: dict) -> dict:
        result = manifest_fields(item)
        media_type = item.get("mediaType")
        references = item.get("references")
        if isinstance(references, list) and references:
            result["references"] = [
                pick_fields(r, ("digest", "mediaType")) if isinstance(r, dict) else r
                for r in references
            ]
        elif media_type in INDEX_TYPES:
            self.indexes_without_children += 1
        if media_type in _SUBJECT_POSSIBLE:
            self.manifests_without_subject += 1
        return result

    def _extra_files(self) -> None:
        if self._mapping is not None:
            return
        listed = set(self.repository_names)
        for kind in (TAGS_FOLDER, MANIFESTS_FOLDER):
            folder = self.path / kind
            if not folder.is_dir():
                continue
            for file in sorted(folder.rglob("*.json")):
                name = file.relative_to(folder).as_posix()[: -len(".json")]
                if name not in listed:
                    self.warnings.append(
                        f"{file}: repository {name} is not in {REPOSITORIES_FILE}; "
                        "ignored (add it there, or remove the file)"
                    )

    def _gap_warnings(self) -> None:
        if self.indexes_without_children or self.manifests_without_subject:
            self.warnings.append(
                unread_bodies_warning(
                    self.indexes_without_children, self.manifests_without_subject
                )
            )


def unread_bodies_warning(indexes: int, oci_manifests: int, where: str = "") -> str:
    """The known limit of an inventory read without manifest bodies."""
    return (
        f"{where}az outputs do not include manifest bodies: the children of {indexes} "
        f"index(es) and the subject of {oci_manifests} OCI manifest(s) are unknown, "
        "and the preview treats them as having none, so it can show an index's child "
        "or a referrer (a signature, an SBOM) as deleted while acr purge keeps it; "
        "for an exact preview read the registry with "
        "`acr-lifecycle inventory --registry NAME -o FILE`"
    )


def _load(path: Path, outputs: AzOutputs) -> object | None:
    try:
        with open(path, "rb") as handle:
            return json.load(handle)
    except FileNotFoundError:
        outputs.problem(
            f"{path}: no such file or folder; pass a folder with {REPOSITORIES_FILE} "
            f"(`{LIST_COMMAND}`), {TAGS_FOLDER}/ and {MANIFESTS_FOLDER}/"
        )
    except (OSError, UnicodeDecodeError) as error:
        outputs.problem(f"{path}: cannot read the file ({error})")
    except json.JSONDecodeError as error:
        outputs.problem(
            f"{path}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}; "
            "write it with -o json"
        )
    return None
