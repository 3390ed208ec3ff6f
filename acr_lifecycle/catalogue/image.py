"""The acr-cli image a task runs, and which acr-cli release it is.

Releases differ in what they delete (untagged handling, locks, the ``--ago`` cap), so a
task never runs the floating ``acr`` alias: it names an image whose release is known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._fixable import FixableError

# The one place the default lives. 0.19 is the release Microsoft's purge documentation
# names and the one the task runner's `acr` alias expanded to in 2026.
DEFAULT_ACR_CLI_IMAGE = "mcr.microsoft.com/acr/acr-cli:0.19"

# The newest release whose behaviour the compiler and the preview know (the notes on
# acr purge, section 11); a newer one may delete differently, so it is not assumed.
NEWEST_KNOWN_RELEASE = (0, 19)

# Release numbers as acr-cli writes them: no leading zeros ('0.09' is no release).
_VERSION = re.compile(r"v?(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*))?")
_REFERENCE = re.compile(
    r"(?P<name>[a-z0-9]([a-z0-9.:-]*[a-z0-9])?(/[a-z0-9._-]+)+)"
    r"(:(?P<tag>[A-Za-z0-9_][A-Za-z0-9._-]{0,127}))?"
    r"(@(?P<digest>sha256:[0-9a-f]{64}))?"
)

# Minimum acr-cli release for each feature a compiled command relies on
# (shared knowledge from acr-cli's changelog and source; see the README's limits).
FEATURES: dict[str, tuple[tuple[int, int], str]] = {
    "repository-regex": (
        (0, 5),
        "reads the repository part of --filter literally; repository regular "
        "expressions need acr-cli 0.5 or later, so the rule would match no repository",
    ),
    "include-locked": (
        (0, 17),
        "has no --include-locked; it needs acr-cli 0.17 or later",
    ),
    "untagged-only": (
        (0, 18),
        "has no --untagged-only, which untagged rules compile to; it needs acr-cli 0.18 "
        "or later",
    ),
}


class ImageError(FixableError):
    """The image reference cannot be pinned to a known acr-cli release."""


@dataclass(frozen=True)
class AcrCliImage:
    reference: str
    version: tuple[int, int]

    @property
    def version_text(self) -> str:
        return f"{self.version[0]}.{self.version[1]}"


def parse_version(text: str) -> tuple[int, int] | None:
    match = _VERSION.fullmatch(text)
    return (int(match[1]), int(match[2])) if match else None


def resolve_image(reference: str | None, declared_version: str | None) -> AcrCliImage:
    """The image to run and its release; raise ImageError with the fix in words."""
    if reference is None:
        reference = DEFAULT_ACR_CLI_IMAGE
    if reference.split(":")[0] in ("acr", "acr-cli") or "/" not in reference:
        raise ImageError(
            f"'{reference}' is not a pinned image: the task runner maps the bare 'acr' "
            "alias to whatever acr-cli release it ships",
            f"write a full image such as '{DEFAULT_ACR_CLI_IMAGE}' (or leave "
            "acr_cli_image out for that default)",
        )
    match = _REFERENCE.fullmatch(reference)
    if not match:
        raise ImageError(
            f"'{reference}' is not an image reference",
            f"write one like '{DEFAULT_ACR_CLI_IMAGE}'",
        )
    if not match["tag"] and not match["digest"]:
        raise ImageError(
            f"'{reference}' has no tag, so it floats to 'latest'",
            f"pin a release, e.g. '{match['name']}:0.19'",
        )
    from_tag = parse_version(match["tag"]) if match["tag"] else None
    declared = parse_version(declared_version) if declared_version else None
    if from_tag and declared and from_tag != declared:
        raise ImageError(
            f"acr_cli_version {declared_version} contradicts the image tag "
            f"'{match['tag']}'",
            "drop acr_cli_version or correct it",
        )
    version = from_tag or declared
    if version is None:
        raise ImageError(
            f"cannot tell which acr-cli release '{reference}' is, and releases differ "
            "in what they delete",
            "add acr_cli_version (e.g. '0.19') next to acr_cli_image",
        )
    if version > NEWEST_KNOWN_RELEASE:
        newest = ".".join(map(str, NEWEST_KNOWN_RELEASE))
        raise ImageError(
            f"acr-cli {version[0]}.{version[1]} is newer than {newest}, the newest "
            "release whose purge behaviour acr-lifecycle knows",
            f"pin {newest} (e.g. '{DEFAULT_ACR_CLI_IMAGE}'), or update acr-lifecycle",
        )
    return AcrCliImage(reference, version)


def missing_feature(image: AcrCliImage, feature: str) -> str | None:
    """Why ``image`` cannot run ``feature``, or None when it can."""
    minimum, reason = FEATURES[feature]
    if image.version >= minimum:
        return None
    return f"acr-cli {image.version_text} ({image.reference}) {reason}"
