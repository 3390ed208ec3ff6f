"""An offline, exact simulation of ``acr purge`` against a registry inventory.

It runs command lines (argv), not policies: the same arguments a task step runs, one
step after the other, with each real run's deletions carried into the next step. The
rules (R1-R17 of the project's notes on acr purge) in brief:

- arguments and ``--ago`` as acr-cli validates and parses them (``purgeargs``,
  ``agoduration``); filters split by acr-cli's colon rule; repositories matched with
  ``'^' + repo + '$'`` built by concatenation; tag regexes of one repository joined
  with ``|`` and searched unanchored; keep counted per repository over the join;
- tags: newest first, eligible iff matched, ``lastUpdateTime < cutoff`` (strict) and
  unlocked (or ``--include-locked``); the first ``--keep`` eligible ones stay;
- untagged manifests: cutoff inclusive; locked ones skipped (since 0.16 without
  protecting their children); tagged or too-new indexes protect their descendants;
  referrers (a ``subject``) are never deleted; since 0.18 ``--keep`` applies again;
- a real run's manifest delete makes the registry drop that manifest's referrers.

One ``now`` serves the whole run; a real run takes a new one per repository and phase,
which can move items that sit within seconds of the cutoff. Two behaviours nobody has
verified are options, and a warning names every item whose fate depends on them: the
order of tags with equal times (``tie_order``), and whether removing a manifest's last
tag updates its ``lastUpdateTime`` (``untag_bumps_manifest_time``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain, compress
from operator import attrgetter, not_
from typing import Literal

from ..catalogue.patterns import PatternError, split_filter
from .engine import Matcher, RegexError, compile_filter_regex
from .inventory import (
    DOCKER_MANIFEST_LIST,
    INDEX_TYPES,
    OCI_ARTIFACT,
    OCI_INDEX,
    OCI_MANIFEST,
    Manifest,
    Registry,
    Tag,
)
from .profiles import Profile
from .purgeargs import ArgumentError, PurgeArgs, parse_purge_args

TieOrder = Literal["inventory", "name", "name-desc"]
TIE_ORDERS = ("inventory", "name", "name-desc")
TAG_PAGE_SIZE = 100

# Why an item of a selected repository was not deleted: a closed set.
KEPT_BY_KEEP = "kept_by_keep"
NEWER_THAN_CUTOFF = "newer_than_cutoff"
LOCKED = "locked"
INDEX_CHILD = "index_child"
REFERRER = "referrer"
NOT_MATCHED = "not_matched"
CLAIMED_BY_EARLIER_RULE = "claimed_by_earlier_rule"
REASONS = (
    KEPT_BY_KEEP,
    NEWER_THAN_CUTOFF,
    LOCKED,
    INDEX_CHILD,
    REFERRER,
    NOT_MATCHED,
    CLAIMED_BY_EARLIER_RULE,
)
_SUBJECT_CHECKED = frozenset({OCI_MANIFEST, OCI_INDEX, OCI_ARTIFACT})
_GO_TIME_LAYOUT = "2006-01-02T15:04:05.999999999Z07:00"


@dataclass(frozen=True)
class Options:
    """Choices for what acr-cli's sources do not settle.

    ``tie_order``: the server's order of tags with equal ``lastUpdateTime``:
    ``inventory`` (as listed in the inventory, which is the server's order when the
    inventory was read with ``orderby=timedesc``), ``name`` or ``name-desc``.
    ``untag_bumps_manifest_time``: a real run sets the time of a manifest that lost its
    last tag to ``now``.
    """

    tie_order: TieOrder = "inventory"
    untag_bumps_manifest_time: bool = False


@dataclass
class RepositoryOutcome:
    """One repository in one purge run. Kept items are grouped by reason."""

    name: str
    tag_regex: str | None
    tags_before: int
    manifests_before: int
    deleted_tags: list[str] = field(default_factory=list)
    deleted_manifests: list[str] = field(default_factory=list)
    removed_by_registry: list[str] = field(default_factory=list)
    kept_tags: dict[str, list[str]] = field(default_factory=dict)
    kept_manifests: dict[str, list[str]] = field(default_factory=dict)
    completed: bool = True

    def keep_tag(self, reason: str, name: str) -> None:
        self.kept_tags.setdefault(reason, []).append(name)

    def keep_manifest(self, reason: str, digest: str) -> None:
        self.kept_manifests.setdefault(reason, []).append(digest)


@dataclass
class StepResult:
    """One purge run: what it deleted (with --dry-run: would delete) and what not."""

    argv: tuple[str, ...]
    profile: Profile
    rule_id: str | None = None
    args: PurgeArgs | None = None
    dry_run: bool = False
    exit_code: int = 0
    error: str | None = None
    failed_repository: str | None = None
    repositories: list[RepositoryOutcome] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: bool = False  # not run, because an earlier step of the task failed

    @property
    def deleted_tags(self) -> list[str]:
        return [f"{r.name}:{t}" for r in self.repositories for t in r.deleted_tags]

    @property
    def deleted_manifests(self) -> list[str]:
        return [f"{r.name}@{d}" for r in self.repositories for d in r.deleted_manifests]

    @property
    def removed_by_registry(self) -> list[str]:
        return [
            f"{r.name}@{d}" for r in self.repositories for d in r.removed_by_registry
        ]

    def summary_counts(self) -> tuple[int, int]:
        """acr-cli's closing counts: only repositories that finished."""
        done = [r for r in self.repositories if r.completed]
        return (
            sum(len(r.deleted_tags) for r in done),
            sum(len(r.deleted_manifests) for r in done),
        )


class RegistryState:
    """A registry inventory as purge runs change it: deletions are kept beside the
    unchanged inventory, so one inventory serves any number of simulations."""

    def __init__(self, registry: Registry, options: Options = Options()) -> None:
        self.registry = registry
        self.options = options
        self.deleted_tags: dict[str, set[str]] = {}
        self.deleted_manifests: dict[str, set[str]] = {}
        self.time_override: dict[str, dict[str, int]] = {}
        self.untagged_in_run: dict[str, set[str]] = {}
        self.claimed: dict[str, list[Matcher]] = {}
        # The names each repository's claimed matchers matched when they ran: tags
        # are only ever deleted, so a later step finds every name it asks about here.
        self.claimed_names: dict[str, set[str]] = {}
        # Per repository read so far: its tags not deleted, by name in timedesc
        # order (names are unique in an inventory), and tags() as a list until the
        # next deletion there, since several phases ask.
        self._present: dict[str, dict[str, Tag]] = {}
        self._current: dict[str, list[Tag]] = {}
        self._referrers_by_repository: dict[str, dict[str, list[str]]] = {}

    def repository_names(self) -> list[str]:
        """What ``/v2/_catalog`` lists now: a repository goes with its last manifest."""
        names = []
        for name, repository in self.registry.repositories.items():
            gone = self.deleted_manifests.get(name, ())
            if not repository.manifests or len(gone) < len(repository.manifests):
                names.append(name)
        return sorted(names)

    def tags(self, repository: str) -> list[Tag]:
        """Tags in the server's ``timedesc`` order, without deleted ones. The list is
        shared: callers do not change it."""
        current = self._current.get(repository)
        if current is not None:
            return current
        present = self._present.get(repository)
        if present is None:
            ordered = _timedesc(
                self.registry.repositories[repository].tags, self.options
            )
            present = dict(zip(map(_name_of, ordered), ordered))
            for name in self.deleted_tags.get(repository, ()):
                present.pop(name, None)
            self._present[repository] = present
        current = self._current[repository] = list(present.values())
        return current

    def claim(self, repository: str, matcher: Matcher, names: list[str]) -> None:
        """A finished run's tag matcher, and the names it matched, which later steps'
        tags cannot take (R10)."""
        self.claimed.setdefault(repository, []).append(matcher)
        self.claimed_names.setdefault(repository, set()).update(names)

    def _delete_tag_names(self, repository: str, names: Iterable[str]) -> None:
        """Every tag deletion goes through here, so that tags() stays current."""
        names = list(names)
        self.deleted_tags.setdefault(repository, set()).update(names)
        present = self._present.get(repository)
        if present is not None:
            for name in names:
                present.pop(name, None)
            self._current.pop(repository, None)

    def manifests(self, repository: str) -> dict[str, Manifest]:
        everything = self.registry.repositories[repository].manifests
        gone = self.deleted_manifests.get(repository)
        if not gone:
            return everything
        return {d: m for d, m in everything.items() if d not in gone}

    def manifest_time(self, repository: str, manifest: Manifest) -> int | None:
        override = self.time_override.get(repository)
        if override and manifest.digest in override:
            return override[manifest.digest]
        return manifest.time

    def remaining_tags(self, repository: str, manifest: Manifest) -> int:
        gone = self.deleted_tags.get(repository)
        if not gone:
            return len(manifest.tags)
        return sum(1 for t in manifest.tags if t not in gone)

    def delete_tags(self, repository: str, tags: list[Tag], now: int) -> None:
        self._delete_tag_names(repository, map(_name_of, tags))
        gone = self.deleted_tags[repository]
        manifests = self.registry.repositories[repository].manifests
        untagged = []
        for digest in set(map(_digest_of, tags)):
            manifest = manifests.get(digest)
            if manifest is None:
                continue
            # remaining_tags(...) == 0, inlined: most manifests have one tag.
            listed = manifest.tags
            if (
                listed[0] in gone
                if len(listed) == 1
                else all(map(gone.__contains__, listed))
            ):
                untagged.append(digest)
        if not untagged:
            return
        self.untagged_in_run.setdefault(repository, set()).update(untagged)
        if self.options.untag_bumps_manifest_time:
            self.time_override.setdefault(repository, {}).update(
                dict.fromkeys(untagged, now)
            )

    def delete_manifests(self, repository: str, digests: list[str]) -> list[str]:
        """Delete manifests in order, as ``delete_manifest`` one after the other
        (one already removed with its subject is a 404, counted as deleted); return
        the referrers the registry removes with them, per deletion sorted."""
        if self._referrers(repository):
            gone = self.deleted_manifests.get(repository, ())
            removed = []
            for digest in digests:
                if digest not in gone:
                    removed.extend(self.delete_manifest(repository, digest))
                    gone = self.deleted_manifests[repository]
            return removed
        # Nothing refers to anything here: no cascade, so the set operations batch.
        self.deleted_manifests.setdefault(repository, set()).update(digests)
        manifests = self.registry.repositories[repository].manifests
        found = filter(None, map(manifests.get, digests))
        dropped = list(chain.from_iterable(map(_tags_of, found)))
        if dropped:
            self._delete_tag_names(repository, dropped)
        return []

    def delete_manifest(self, repository: str, digest: str) -> list[str]:
        """Delete a manifest; return the referrers the registry removes with it."""
        gone = self.deleted_manifests.setdefault(repository, set())
        gone.add(digest)
        self._drop_tags_of(repository, digest)
        referrers = self._referrers(repository)
        removed = []
        pending = [digest]
        while pending:
            for other in referrers.get(pending.pop(), ()):
                if other not in gone:
                    gone.add(other)
                    self._drop_tags_of(repository, other)
                    removed.append(other)
                    pending.append(other)
        return sorted(removed)

    def _referrers(self, repository: str) -> dict[str, list[str]]:
        """Subject digest -> digests of the manifests that refer to it."""
        referrers = self._referrers_by_repository.get(repository)
        if referrers is None:
            referrers = {}
            for manifest in self.registry.repositories[repository].manifests.values():
                if manifest.subject:
                    referrers.setdefault(manifest.subject, []).append(manifest.digest)
            self._referrers_by_repository[repository] = referrers
        return referrers

    def _drop_tags_of(self, repository: str, digest: str) -> None:
        manifest = self.registry.repositories[repository].manifests.get(digest)
        if manifest is not None and manifest.tags:
            self._delete_tag_names(repository, manifest.tags)


def _timedesc(tags: list[Tag], options: Options) -> list[Tag]:
    def newest_first(tag: Tag) -> int:
        return -tag.time if tag.time is not None else -(1 << 80)

    if None not in map(_time_of, tags):
        # The same order with a key computed in C: a stable sort stays stable
        # when reversed, so equal times keep their order either way.
        if options.tie_order == "name":
            return sorted(sorted(tags, key=_name_of), key=_time_of, reverse=True)
        if options.tie_order == "name-desc":
            by_name = sorted(tags, key=_name_of, reverse=True)
            return sorted(by_name, key=_time_of, reverse=True)
        return sorted(tags, key=_time_of, reverse=True)
    if options.tie_order == "name":
        return sorted(sorted(tags, key=lambda t: t.name), key=newest_first)
    if options.tie_order == "name-desc":
        return sorted(
            sorted(tags, key=lambda t: t.name, reverse=True), key=newest_first
        )
    return sorted(tags, key=newest_first)


_time_of = attrgetter("time")
_name_of = attrgetter("name")
_digest_of = attrgetter("digest")
_tags_of = attrgetter("tags")


class _Abort(Exception):
    """A failure inside a repository: the run stops, earlier repositories are done."""

    def __init__(self, message: str, applied_tags: list[Tag] | None = None) -> None:
        super().__init__(message)
        self.applied_tags = applied_tags or []


def simulate_purge(
    argv: Sequence[str],
    state: RegistryState,
    *,
    now: int,
    profile: Profile,
    rule_id: str | None = None,
) -> StepResult:
    """Run one ``acr purge`` command line against ``state`` (changed by a real run)."""
    result = StepResult(tuple(argv), profile, rule_id)
    if profile.beyond_latest:
        result.warnings.append(
            f"acr-cli {profile.name} is newer than the latest known release; simulated "
            "with the behaviour of the latest one"
        )
    try:
        args = parse_purge_args(argv, profile)
    except ArgumentError as error:
        return _fail(result, str(error))
    result.args = args
    result.dry_run = args.dry_run
    if args.ago is not None:
        result.warnings.extend(args.ago.warnings)
    if args.ignored:
        result.warnings.append(
            f"arguments {list(args.ignored)} are ignored by acr purge"
        )

    try:
        selected = _collect_filters(args, state, profile, result)
    except (ArgumentError, RegexError, PatternError) as error:
        return _fail(result, str(error))

    duration = args.ago.nanoseconds if args.ago is not None else 0
    cutoff = now - duration
    listed = set(state.repository_names())
    for repository, tag_regex in selected:
        if repository not in listed:
            result.warnings.append(f"{repository} repository not found")
            continue
        outcome = RepositoryOutcome(
            repository,
            tag_regex,
            tags_before=len(state.tags(repository)),
            manifests_before=len(state.manifests(repository)),
        )
        result.repositories.append(outcome)
        try:
            claim, selected_tags = None, []
            if not args.untagged_only:
                claim, selected_tags = _tag_phase(
                    args, state, outcome, tag_regex, cutoff, now, profile, result
                )
            if args.untagged or args.untagged_only:
                manifest_cutoff = cutoff if profile.has("untagged_ago") else None
                _manifest_phase(
                    args,
                    state,
                    outcome,
                    manifest_cutoff,
                    now,
                    profile,
                    result,
                    selected_tags,
                )
        except (_Abort, RegexError) as error:
            outcome.completed = False
            result.failed_repository = repository
            if isinstance(error, _Abort) and error.applied_tags and not args.dry_run:
                state.delete_tags(repository, error.applied_tags, now)
                outcome.deleted_tags = [t.name for t in error.applied_tags]
            return _fail(result, f"Failed to complete purge: {error}")
        if claim is not None:
            state.claim(repository, *claim)
    return result


def _fail(result: StepResult, message: str) -> StepResult:
    result.exit_code = 1
    result.error = message
    return result


def _collect_filters(
    args: PurgeArgs, state: RegistryState, profile: Profile, result: StepResult
) -> list[tuple[str, str | None]]:
    """Repository -> merged tag regex, in processing order (R5)."""
    if args.untagged_only and not args.filters:
        return [(name, None) for name in state.repository_names()]
    listed = state.repository_names()
    merged: dict[str, str] = {}
    for text in args.filters:
        if profile.has("filter_colon_rule"):
            repository_part, tag_part = split_filter(text)
        else:
            parts = text.split(":")
            if len(parts) != 2:
                raise ArgumentError("unable to correctly parse filter flag")
            repository_part, tag_part = parts
        if profile.has("repository_regex"):
            matcher = compile_filter_regex(
                "^" + repository_part + "$", timeout=args.filter_timeout_seconds
            )
            matches = [name for name in listed if matcher.search(name)]
        else:
            matches = [repository_part]
        if not matches:
            result.warnings.append(
                f"filter '{text}' matched 0 repositories: the repository part is a "
                "regular expression matched against the whole name"
            )
        for name in matches:
            merged[name] = merged[name] + "|" + tag_part if name in merged else tag_part
    return sorted(merged.items())


def _tag_phase(
    args: PurgeArgs,
    state: RegistryState,
    outcome: RepositoryOutcome,
    tag_regex: str | None,
    cutoff: int,
    now: int,
    profile: Profile,
    result: StepResult,
) -> tuple[tuple[Matcher, list[str]], list[Tag]]:
    """R6-R10: select this repository's tags; a real run deletes them from ``state``.
    Returns the tag matcher with the names it matched, and the selected tags."""
    matcher = compile_filter_regex(
        tag_regex or "",
        regexp2=profile.has("regexp2"),
        timeout=args.filter_timeout_seconds,
    )
    name = outcome.name
    tags = state.tags(name)
    names = list(map(_name_of, tags))
    hits = matcher.select(names)
    earlier = state.claimed.get(name, [])
    keep = args.keep
    selection = None
    if all(m.timeout is None for m in earlier):
        claimed_names = state.claimed_names.get(name)
        selection = _select_tags(
            args, profile, outcome, tags, names, hits, claimed_names, cutoff
        )
    if selection is None:
        selection = _select_tags_in_order(
            args, profile, outcome, tags, hits, earlier, cutoff
        )
    selected, position, boundary = selection

    if boundary and boundary[0].time == boundary[1].time:
        result.warnings.append(
            f"{name}: tags {boundary[0].name} and {boundary[1].name} have the same "
            f"lastUpdateTime and straddle --keep {keep}; which one is kept depends on "
            f"the server's order for equal times (simulated: {state.options.tie_order})"
        )
    if not args.dry_run:
        refused = []
        if not args.include_locked and not profile.has("both_lock_attributes"):
            refused = [t for t in selected if not t.write_enabled]
        if refused:
            first = position[refused[0].name]
            page_end = first - first % TAG_PAGE_SIZE + TAG_PAGE_SIZE
            applied = [
                t for t in selected if position[t.name] < page_end and t.write_enabled
            ]
            raise _Abort(
                f"delete of {name}:{refused[0].name} refused (write disabled), "
                "HTTP status: 405",
                applied,
            )
        if sum(hits) > TAG_PAGE_SIZE and selected:
            result.warnings.append(
                f"{name}: more than {TAG_PAGE_SIZE} matching tags; a real run pages "
                "through tags while deleting them, and whether that can skip tags is "
                "unverified (acr-cli #284)"
            )
        state.delete_tags(name, selected, now)
    outcome.deleted_tags = list(map(_name_of, selected))
    return (matcher, list(compress(names, hits))), selected


_Selection = tuple[list[Tag], dict[str, int], "tuple[Tag, Tag] | None"]


def _select_tags(
    args: PurgeArgs,
    profile: Profile,
    outcome: RepositoryOutcome,
    tags: list[Tag],
    names: list[str],
    hits: list[bool],
    claimed_names: set[str] | None,
    cutoff: int,
) -> _Selection | None:
    """What ``_select_tags_in_order`` decides, one list operation per condition
    instead of one step per tag. Returns the selected tags, their positions, and the
    last kept and first selected tag when both exist. Only for matchers that cannot
    time out, and None if a matched tag's time is unreadable: then nothing fails part
    way and the order of evaluation is free. What earlier matchers matched is looked
    up in ``claimed_names`` instead of searched again."""
    hit_indexes = list(compress(range(len(tags)), hits))
    times = list(map(_time_of, compress(tags, hits)))
    if None in times:
        return None  # acr-cli fails at the first such tag; the in-order loop words it
    missed = list(compress(range(len(tags)), map(not_, hits)))
    if claimed_names:
        missed_names = map(names.__getitem__, missed)
        claimed = list(map(claimed_names.__contains__, missed_names))
    else:
        claimed = [False] * len(missed)
    newer = list(map(cutoff.__le__, times))  # not time < cutoff
    older = list(compress(hit_indexes, map(not_, newer)))
    locked_test = _lock_test(args, profile)
    if locked_test is None:
        locked = [False] * len(older)
    else:
        locked = list(map(locked_test, map(tags.__getitem__, older)))
    eligible = list(compress(older, map(not_, locked)))
    keep = max(args.keep, 0)

    groups = (
        (CLAIMED_BY_EARLIER_RULE, list(compress(missed, claimed))),
        (NOT_MATCHED, list(compress(missed, map(not_, claimed)))),
        (NEWER_THAN_CUTOFF, list(compress(hit_indexes, newer))),
        (LOCKED, list(compress(older, locked))),
        (KEPT_BY_KEEP, eligible[:keep]),
    )
    # The reasons enter kept_tags in the order the loop meets them, as before.
    for reason, indexes in sorted((g for g in groups if g[1]), key=lambda g: g[1][0]):
        outcome.kept_tags.setdefault(reason, []).extend(map(names.__getitem__, indexes))
    chosen = eligible[keep:]
    boundary = None
    if keep and chosen and len(eligible) > keep:
        boundary = (tags[eligible[keep - 1]], tags[chosen[0]])
    position = dict(zip(map(names.__getitem__, chosen), chosen))
    return list(map(tags.__getitem__, chosen)), position, boundary


def _select_tags_in_order(
    args: PurgeArgs,
    profile: Profile,
    outcome: RepositoryOutcome,
    tags: list[Tag],
    hits: list[bool],
    earlier: list[Matcher],
    cutoff: int,
) -> _Selection:
    """R7-R9 tag by tag, as acr-cli walks them: a matcher that times out or a time
    that does not parse fails the run at that tag."""
    name = outcome.name
    keep = args.keep
    kept_tags = outcome.kept_tags.setdefault  # outcome.keep_tag, without a call
    kept = 0
    selected: list[Tag] = []
    position: dict[str, int] = {}
    boundary: tuple[Tag, Tag] | None = None
    last_kept: Tag | None = None
    for index, (tag, hit) in enumerate(zip(tags, hits, strict=True)):
        if not hit:
            claimed = bool(earlier) and any(m.search(tag.name) for m in earlier)
            kept_tags(CLAIMED_BY_EARLIER_RULE if claimed else NOT_MATCHED, []).append(
                tag.name
            )
            continue
        if tag.time is None:
            page_start = index - index % TAG_PAGE_SIZE
            applied = [t for t in selected if position[t.name] < page_start]
            raise _Abort(
                f'parsing time "{tag.time_text}" as "{_GO_TIME_LAYOUT}": cannot parse '
                f"(tag {name}:{tag.name})",
                applied,
            )
        if not tag.time < cutoff:
            kept_tags(NEWER_THAN_CUTOFF, []).append(tag.name)
            continue
        if not args.include_locked:
            if profile.has("both_lock_attributes") and tag.locked:
                kept_tags(LOCKED, []).append(tag.name)
                continue
            if not tag.delete_enabled:
                kept_tags(LOCKED, []).append(tag.name)
                continue
        if kept < keep:
            kept += 1
            last_kept = tag
            kept_tags(KEPT_BY_KEEP, []).append(tag.name)
            continue
        if boundary is None and last_kept is not None:
            boundary = (last_kept, tag)
        selected.append(tag)
        position[tag.name] = index

    return selected, position, boundary


def _manifest_phase(
    args: PurgeArgs,
    state: RegistryState,
    outcome: RepositoryOutcome,
    cutoff: int | None,
    now: int,
    profile: Profile,
    result: StepResult,
    selected_tags: list[Tag],
) -> None:
    """R11-R15: untagged manifests of one repository, after its tag phase."""
    name = outcome.name
    manifests = state.manifests(name)
    dry_counts: dict[str, int] = {}
    if args.dry_run:
        for tag in selected_tags:
            dry_counts[tag.digest] = dry_counts.get(tag.digest, 0) + 1
    lock_first = profile.has("lock_before_protection")
    untagged_now = state.untagged_in_run.get(name, set())
    alternative_now = not state.options.untag_bumps_manifest_time

    ignore: set[str] = set()
    candidates: list[Manifest] = []
    gone_tags = state.deleted_tags.get(name)
    overrides = state.time_override.get(name)
    locked_first = _lock_test(args, profile) if lock_first else None
    parents = _parent_types(profile)
    kept = outcome.kept_manifests.setdefault  # outcome.keep_manifest, without a call
    for manifest in manifests.values():
        if locked_first is not None and locked_first(manifest):
            kept(LOCKED, []).append(manifest.digest)
            continue
        # Inlined state.remaining_tags and manifest_time: this loop runs once per
        # manifest, and most manifests have one tag or none.
        tagged = False
        listed = manifest.tags
        if listed:
            if not gone_tags:
                remaining = len(listed)
            elif len(listed) == 1:
                remaining = listed[0] not in gone_tags
            else:
                remaining = sum(1 for t in listed if t not in gone_tags)
            if dry_counts:
                remaining -= dry_counts.get(manifest.digest, 0)
            tagged = remaining > 0
        too_new = False
        if not tagged and cutoff is not None:
            if overrides and manifest.digest in overrides:
                time = overrides[manifest.digest]
            else:
                time = manifest.time
            too_new = time is None or time > cutoff
            if (
                manifest.digest in untagged_now
                and not args.dry_run
                and time is not None
            ):
                other = now if alternative_now else manifest.time
                if other is not None and (other > cutoff) != too_new:
                    result.warnings.append(
                        f"{name}@{manifest.digest} lost its last tag in this run; "
                        "it is "
                        f"{'kept' if too_new else 'deleted'} only if untagging "
                        f"{'updates' if too_new else 'does not update'} its "
                        "lastUpdateTime (unverified)"
                    )
        if tagged or too_new:
            if manifest.media_type is None or manifest.media_type in parents:
                ignore.update(_descendants(manifest, manifests, profile))
            kept(NEWER_THAN_CUTOFF if too_new else NOT_MATCHED, []).append(
                manifest.digest
            )
            continue
        candidates.append(manifest)

    deletable: list[Manifest] = []
    for manifest in candidates:
        if manifest.media_type is None:
            result.warnings.append(
                f"Manifest {manifest.digest} has no media type, skipping deletion"
            )
            outcome.keep_manifest(NOT_MATCHED, manifest.digest)
            continue
        if (
            profile.has("subject_protection")
            and manifest.media_type in _SUBJECT_CHECKED
            and manifest.subject
        ):
            outcome.keep_manifest(REFERRER, manifest.digest)
            if manifest.media_type == OCI_INDEX:
                ignore.update(_descendants(manifest, manifests, profile))
            continue
        deletable.append(manifest)

    final: list[Manifest] = []
    locked_last = None if lock_first else _lock_test(args, profile)
    for manifest in deletable:
        if manifest.digest in ignore:
            outcome.keep_manifest(INDEX_CHILD, manifest.digest)
        elif locked_last is not None and locked_last(manifest):
            outcome.keep_manifest(LOCKED, manifest.digest)
        else:
            final.append(manifest)

    if args.keep > 0 and profile.has("keep_untagged"):
        if len(final) <= args.keep:
            kept, final = final, []
        else:
            final = _newest_first(final, state, name)
            kept, final = final[: args.keep], final[args.keep :]
        for manifest in kept:
            outcome.keep_manifest(KEPT_BY_KEEP, manifest.digest)
    else:
        final.sort(key=_digest_of)

    if not args.dry_run:
        refused = []
        if not args.include_locked and not profile.has("both_lock_attributes"):
            refused = [m for m in final if not m.write_enabled]
        if refused:
            raise _Abort(
                f"delete of {name}@{refused[0].digest} refused (write disabled), "
                "HTTP status: 405"
            )
        if final:
            outcome.removed_by_registry.extend(
                state.delete_manifests(name, list(map(_digest_of, final)))
            )
    outcome.deleted_manifests = list(map(_digest_of, final))


def _lock_test(args: PurgeArgs, profile: Profile):
    """``_is_locked`` with its arguments settled once: a test of one manifest, or
    None when nothing counts as locked."""
    if args.include_locked:
        return None
    if profile.has("both_lock_attributes"):
        return _locked
    return _delete_disabled


_locked = attrgetter("locked")


def _delete_disabled(manifest: Manifest) -> bool:
    return not manifest.delete_enabled


def _parent_types(profile: Profile) -> frozenset[str]:
    """The media types of a kept manifest that protect its children (a manifest
    without a media type protects them too)."""
    if profile.has("oci_index_children"):
        return INDEX_TYPES
    return frozenset({DOCKER_MANIFEST_LIST})


def _descendants(
    manifest: Manifest, manifests: dict[str, Manifest], profile: Profile
) -> set[str]:
    """Every manifest reachable through ``manifests[]``, into nested indexes."""
    found: set[str] = set()
    pending = [manifest]
    while pending:
        parent = pending.pop()
        for reference in parent.references:
            if reference.digest in found:
                continue
            found.add(reference.digest)
            child = manifests.get(reference.digest)
            media_type = reference.media_type or (child.media_type if child else None)
            nested = (
                media_type in INDEX_TYPES
                if profile.has("oci_index_children")
                else (media_type == DOCKER_MANIFEST_LIST)
            )
            if nested and child is not None:
                pending.append(child)
    return found


def _newest_first(
    manifests: list[Manifest], state: RegistryState, repository: str
) -> list:
    """acr-cli's SortManifestsByTime: valid times newest first, ties by digest, invalid
    times last."""

    def key(manifest: Manifest) -> tuple:
        time = state.manifest_time(repository, manifest)
        return (time is None, -(time or 0), manifest.digest)

    return sorted(manifests, key=key)


@dataclass
class TaskResult:
    steps: list[StepResult]

    @property
    def exit_code(self) -> int:
        return max((s.exit_code for s in self.steps), default=0)


def simulate_task(
    commands: Sequence[tuple[Sequence[str], str | None]],
    registry: Registry,
    *,
    now: int,
    profile: Profile,
    options: Options = Options(),
) -> TaskResult:
    """Run a task's steps in order on one fresh state; a failed step ends the task, as
    an ACR task stops at its first failing step."""
    state = RegistryState(registry, options)
    steps: list[StepResult] = []
    failed = False
    for argv, rule_id in commands:
        if failed:
            steps.append(StepResult(tuple(argv), profile, rule_id, skipped=True))
            continue
        step = simulate_purge(argv, state, now=now, profile=profile, rule_id=rule_id)
        steps.append(step)
        failed = step.exit_code != 0
    return TaskResult(steps)
