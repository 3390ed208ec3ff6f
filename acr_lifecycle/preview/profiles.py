"""acr-cli releases differ in what they delete; a profile says which behaviours apply.

A profile is just the release number: each behaviour below is on from the release that
introduced it, so any release can be simulated, not only the named profiles. The named
ones are the releases people actually run (0.4 for old pinned images, 0.14 for the
documented ``acr`` alias, 0.16 to 0.19 for recent images; 0.19 also stands for HEAD).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..catalogue.image import NEWEST_KNOWN_RELEASE, parse_version

NAMED_PROFILES = ("0.4", "0.14", "0.16", "0.17", "0.18", "0.19")
LATEST = NEWEST_KNOWN_RELEASE

# (release, behaviour). Sources: acr-cli release notes, PRs and issues, as collected in
# the project's notes on acr purge (sections 4.5, 7 and 11).
_SINCE = {
    "repository_regex": (0, 5),  # PR #88: before, the repo part was a literal name
    "filter_colon_rule": (0, 5),  # before, strings.Split(filter, ":")
    "regexp2": (0, 5),  # PR #91: tags on .NET-style regexp2; before, Go RE2
    "oci_index_children": (0, 7),  # PR #130: children of OCI indexes protected
    "both_lock_attributes": (0, 7),  # writeEnabled=false skipped, not a failed delete
    "subject_protection": (0, 8),  # #188: manifests with a subject never deleted
    "lock_before_protection": (0, 16),  # the locked-index gap of notes section 7.5
    "include_locked_flag": (0, 17),  # PR #479
    "untagged_ago": (0, 17),  # --untagged applies --ago to manifests
    "untagged_only_flag": (0, 18),  # PR #489
    "keep_untagged": (0, 18),  # --keep also keeps untagged manifests (#644)
    "ago_cap": (0, 18),  # PR #564: 150-year cap instead of int64 overflow
    "sorted_repositories": (0, 19),  # repositories processed in sorted order
    "verbose_flag": (0, 19),
}


class ProfileError(ValueError):
    """The text names no acr-cli release."""


@dataclass(frozen=True)
class Profile:
    version: tuple[int, int]

    @property
    def name(self) -> str:
        return f"{self.version[0]}.{self.version[1]}"

    def has(self, behaviour: str) -> bool:
        return self.version >= _SINCE[behaviour]

    @property
    def beyond_latest(self) -> bool:
        return self.version > LATEST


def profile_for(version: str | tuple[int, int]) -> Profile:
    """The profile of a release such as '0.19', 'v0.18.1' or (0, 17)."""
    if isinstance(version, tuple):
        return Profile(version)
    if version in ("head", "HEAD"):
        return Profile(LATEST)
    parsed = parse_version(version)
    if parsed is None:
        raise ProfileError(
            f"'{version}' is not an acr-cli release; use one such as "
            f"{', '.join(NAMED_PROFILES)}"
        )
    return Profile(parsed)


def profile_of_image(reference: str) -> Profile | None:
    """The profile an image tag names, as in 'mcr.microsoft.com/acr/acr-cli:0.19'."""
    tail = reference.rsplit("/", 1)[-1]
    if ":" not in tail:
        return None
    parsed = parse_version(tail.split(":", 1)[1].split("@", 1)[0])
    return Profile(parsed) if parsed else None
