"""The catalogue's shape: policies of ordered rules, stacks of registries, assignments.

Every value check that can point at one place in the user's YAML lives here, so that
pydantic reports it with the path to that place; checks across several entries live in
``load.py``. Models are frozen: compilation reads them and never changes them.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StrictInt,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from . import patterns
from .image import AcrCliImage, ImageError, resolve_image
from .duration import Duration, DurationSyntaxError, parse_duration
from .schedule import ScheduleSyntaxError, normalize_schedule

MAX_TIMEOUT_SECONDS = 28800
# acr-cli reads --keep into a Go int (64 bits on linux/amd64); a larger value makes
# every run fail with "value out of range".
MAX_KEEP = 2**63 - 1
MIN_TASK_TIMEOUT_SECONDS = 300
MIN_STEP_TIMEOUT_SECONDS = 60
DEFAULT_STEP_TIMEOUT_SECONDS = 3600

NAME_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$"
REGISTRY_NAME_PATTERN = r"^[a-zA-Z0-9]{5,50}$"
REGISTRY_ID_PATTERN = (
    r"^/subscriptions/[0-9a-fA-F-]{36}/resourceGroups/[-\w\._\(\)]{1,90}"
    r"/providers/Microsoft\.ContainerRegistry/registries/[a-zA-Z0-9]{5,50}$"
)
TIMER_NAME_PATTERN = r"^[A-Za-z0-9_-]{1,50}$"
RESOURCE_GROUP_PATTERN = r"^[-\w._()]{0,89}[-\w_()]$"
IDENTITY_PATTERN = (
    r"^(\[system\]|/subscriptions/[0-9a-fA-F-]{36}/resourceGroups/[-\w._()]{1,90}"
    r"/providers/Microsoft\.ManagedIdentity/userAssignedIdentities/"
    r"[A-Za-z0-9][A-Za-z0-9_-]{2,127})$"
)
# What Terraform's JSON syntax and the task runner would read as an expression.
_INTERPOLATION = ("${", "%{", "{{", "}}")


# The key under which a validator hands its fix to load.py, kept out of the message.
FIX_CONTEXT_KEY = "acr_lifecycle_fix"
# The key under which a model validator names the field its error belongs to.
AT_CONTEXT_KEY = "acr_lifecycle_at"


def _custom(kind: str, message: str, fix: str = "") -> PydanticCustomError:
    return PydanticCustomError(kind, message, {FIX_CONTEXT_KEY: fix} if fix else None)


def _name(value: str) -> str:
    if not re.fullmatch(NAME_PATTERN, value):
        raise _custom(
            "name",
            f"'{value}' is not a valid name",
            "use 1 to 40 lowercase letters, digits and '-', starting and ending with a "
            "letter or digit",
        )
    return value


Name = Annotated[
    str,
    AfterValidator(_name),
    WithJsonSchema({"type": "string", "pattern": NAME_PATTERN}),
]


def _literal_text(value: str) -> str:
    opened = next((token for token in _INTERPOLATION if token in value), None)
    if opened is not None:
        raise _custom(
            "interpolation",
            f"the text contains '{opened}', which Terraform or the ACR task runner "
            "would read as an expression instead of text",
            "remove it; catalogue values are always taken literally",
        )
    if any(ord(ch) < 32 and ch not in "\n\t" or ord(ch) == 127 for ch in value):
        raise _custom(
            "control_character", "the text contains a control character", "remove it"
        )
    return value


LiteralText = Annotated[str, AfterValidator(_literal_text)]


def _resource_group(value: str) -> str:
    if not re.fullmatch(RESOURCE_GROUP_PATTERN, value):
        raise _custom(
            "resource_group",
            f"'{value}' is not a resource group name",
            "use 1 to 90 letters, digits, '-', '_', '.', '(' or ')', not ending in '.'",
        )
    return value


def _duration(value: object) -> Duration:
    try:
        return parse_duration(value)
    except DurationSyntaxError as error:
        raise _custom("duration", error.message, error.fix) from None


Age = Annotated[
    Duration,
    BeforeValidator(_duration),
    PlainSerializer(lambda d: d.canonical(), return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^(?:[0-9]+d)?(?:[0-9]+h)?$",
            "description": "Whole days and hours, e.g. 7d, 36h, 1d12h; at most 3650d.",
        }
    ),
]


def _pattern_check(check):
    def validate(value: str) -> str:
        try:
            check(value)
        except patterns.PatternError as error:
            raise _custom("pattern", error.message, error.fix) from None
        return value

    return AfterValidator(validate)


RepositoryPattern = Annotated[str, _pattern_check(patterns.check_repository_pattern)]
TagRegex = Annotated[str, _pattern_check(patterns.check_tag_regex)]
TagPrefix = Annotated[
    str,
    _pattern_check(
        lambda value: patterns.check_tag_literal(value, "tag prefix", wildcard=False)
    ),
]
TagWildcard = Annotated[
    str,
    _pattern_check(
        lambda value: patterns.check_tag_literal(value, "tag wildcard", wildcard=True)
    ),
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TagSelection(_Model):
    """Which tags a rule selects: exactly one of ``any``, ``prefixes``, ``wildcards``,
    ``regex``. Every form is matched against the whole tag."""

    any: Literal[True] | None = Field(
        default=None, description="Every tag. Write `tags: any`."
    )
    prefixes: list[TagPrefix] | None = Field(
        default=None, min_length=1, description="Tags that start with one of these."
    )
    wildcards: list[TagWildcard] | None = Field(
        default=None,
        min_length=1,
        description="ECR-style patterns where `*` stands for any run of characters.",
    )
    regex: TagRegex | None = Field(
        default=None,
        description="A regular expression that must match the whole tag (it is anchored).",
    )

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: object) -> object:
        if data == "any":
            return {"any": True}
        if isinstance(data, str):
            raise _custom(
                "tag_selection",
                f"tags: '{data}' is not a selection",
                "write 'any', or a mapping with one of prefixes, wildcards or regex, "
                f"e.g. 'tags: {{wildcards: [\"{data}\"]}}'",
            )
        return data

    @model_validator(mode="after")
    def _exactly_one(self) -> TagSelection:
        chosen = [
            key
            for key in ("any", "prefixes", "wildcards", "regex")
            if getattr(self, key) is not None
        ]
        if len(chosen) != 1:
            raise _custom(
                "tag_selection",
                "tags needs exactly one of any, prefixes, wildcards or regex"
                + (f", not {' and '.join(chosen)}" if chosen else ""),
                "keep one; a rule selects tags one way, and a second rule can select more",
            )
        return self

    def body(self) -> str:
        """The regex that must match a whole tag, without anchors."""
        if self.any:
            return ".*"
        if self.prefixes is not None:
            inner = "|".join(patterns.escape_literal(p) for p in self.prefixes)
            return f"{patterns.group(inner)}.*"
        if self.wildcards is not None:
            return "|".join(patterns.wildcard_to_regex(w) for w in self.wildcards)
        return str(self.regex)

    def selects_every_tag(self) -> bool | None:
        """True, False, or None where the regex's language cannot be decided."""
        if self.any:
            return True
        if self.wildcards is not None and any(
            w.strip("*") == "" for w in self.wildcards
        ):
            return True
        # Prefixes and wildcards too: a list of them can cover every tag together
        # ('a'...'z', '0'...'9', '_'), which no single entry shows.
        return patterns.matches_every_tag(self.body())

    def describe(self) -> str:
        if self.any:
            return "every tag"
        if self.prefixes is not None:
            return "tags starting with " + " or ".join(f"'{p}'" for p in self.prefixes)
        if self.wildcards is not None:
            return "tags like " + " or ".join(f"'{w}'" for w in self.wildcards)
        return f"tags matching the regex '{self.regex}' (whole tag)"


Acknowledgement = Literal["delete-all-tags", "every-repository"]


class _RuleBase(_Model):
    id: Name = Field(description="Unique within the policy; appears in task tags.")
    description: LiteralText | None = Field(
        default=None, description="Free text for reviewers."
    )
    repositories: list[RepositoryPattern] = Field(
        min_length=1,
        description="Regular expressions, each matched against the whole repository name.",
    )
    include_locked: bool = Field(
        default=False,
        description="Also delete locked items (acr purge --include-locked). Left out: "
        "tags and manifests with deleteEnabled or writeEnabled false are never touched.",
    )


class TagRule(_RuleBase):
    """Expire selected tags older than an age, except the newest ``keep_newest``.

    A tag selected by an earlier rule of the same policy is never selected by this one.
    """

    kind: Literal["tags"]
    tags: TagSelection
    older_than: Age | None = Field(
        default=None,
        description="Expire selected tags last updated longer ago than this. Left out: "
        "age does not matter and only keep_newest decides (acr purge --ago 0d).",
    )
    keep_newest: StrictInt | None = Field(
        default=None,
        ge=1,
        le=MAX_KEEP,
        description="Per repository, keep this many of the newest tags that would "
        "otherwise expire. Left out: every expiring tag goes.",
    )
    acknowledge: list[Acknowledgement] = Field(
        default_factory=list,
        description="Named acknowledgements of dangerous shapes, e.g. delete-all-tags.",
    )

    @model_validator(mode="after")
    def _says_what_to_expire(self) -> TagRule:
        if self.older_than is None and self.keep_newest is None:
            raise _custom(
                "expire_nothing",
                f"rule {self.id} does not say what to expire",
                "give older_than (for example 30d), keep_newest (for example 10), or both",
            )
        if not self.deletes_every_tag():
            return self
        everywhere = self.repository_matching_everything()
        required = ["delete-all-tags"] + (["every-repository"] if everywhere else [])
        if all(name in self.acknowledge for name in required):
            return self
        age = "no older_than" if self.older_than is None else "older_than 0d"
        undecided = [
            f"{what} '{pattern}'"
            for what, pattern, decided in (
                ("tag regex", self.tags.body(), self.tags.selects_every_tag()),
                (
                    "repository pattern",
                    everywhere,
                    everywhere and patterns.matches_every_repository(everywhere),
                ),
            )
            if pattern is not None and decided is None
        ]
        if undecided:
            # Lookaround and backreferences put a pattern outside what lint can decide;
            # the guard then assumes the worst instead of letting the rule through.
            scope = (
                "of every repository" if everywhere else "of the selected repositories"
            )
            message = (
                f"rule {self.id} may delete every tag {scope}: it has {age} and no "
                f"keep_newest, and lint cannot tell what the "
                f"{' or the '.join(undecided)} leaves out (lookaround, backreferences or a "
                "pattern too large to analyse)"
            )
            fix = (
                "give older_than (e.g. 30d) or keep_newest (e.g. 10), or say what to "
                "keep with an earlier rule instead of a lookaround; if deleting all of "
                "it is meant, add 'acknowledge: ["
                + ", ".join(required)
                + "]' to the rule"
            )
        elif everywhere is None:
            message = (
                f"rule {self.id} deletes every tag of the selected repositories: it "
                f"selects {self.tags.describe()}, with {age} and no keep_newest, so acr "
                "purge runs with --ago 0d and keeps nothing"
            )
            fix = (
                "give older_than (e.g. 30d) or keep_newest (e.g. 10); if emptying these "
                "repositories is really meant, add 'acknowledge: [delete-all-tags]' "
                "to the rule"
            )
        else:
            message = (
                f"rule {self.id} deletes every tag of every repository in the registry: "
                f"repository pattern '{everywhere}' matches every repository, and the "
                f"rule selects {self.tags.describe()} with {age} and no keep_newest"
            )
            fix = (
                "name the repositories, or give older_than or keep_newest; if emptying "
                "the whole registry is really meant, add 'acknowledge: "
                "[delete-all-tags, every-repository]' to the rule"
            )
        raise PydanticCustomError(
            "delete_all",
            message,
            {FIX_CONTEXT_KEY: fix, AT_CONTEXT_KEY: self._delete_all_at(everywhere)},
        )

    def deletes_every_tag(self) -> bool:
        """Every tag, no age and no keep: acr purge --ago 0d without --keep. A tag
        regex whose language cannot be decided counts as every tag (fails closed)."""
        return (
            (self.older_than is None or self.older_than.is_zero)
            and self.keep_newest is None
            and self.tags.selects_every_tag() is not False
        )

    def repository_matching_everything(self) -> str | None:
        """The first pattern that matches, or may match, every repository name."""
        return next(
            (
                r
                for r in self.repositories
                if patterns.matches_every_repository(r) is not False
            ),
            None,
        )

    def _delete_all_at(self, everywhere: str | None) -> list:
        if everywhere is not None:
            return ["repositories", self.repositories.index(everywhere)]
        return ["older_than"] if self.older_than is not None else ["tags"]


class UntaggedRule(_RuleBase):
    """Delete untagged manifests older than an age (acr purge --untagged-only).

    Manifests still referenced by a tagged or too-new index, and referrers such as
    signatures and SBOMs, are never deleted by acr purge.
    """

    kind: Literal["untagged"]
    older_than: Age = Field(
        description="Delete untagged manifests last updated longer ago than this; "
        "0d means every untagged manifest."
    )
    keep_newest: StrictInt | None = Field(
        default=None,
        ge=1,
        le=MAX_KEEP,
        description="Per repository, keep this many of the newest deletable untagged "
        "manifests (acr-cli 0.18 or later). Left out: all of them go.",
    )


Rule = Annotated[Union[TagRule, UntaggedRule], Field(discriminator="kind")]


class Policy(_Model):
    """A named, ordered list of rules; earlier rules take priority over later ones."""

    name: Name
    description: LiteralText | None = None
    rules: list[Rule] = Field(min_length=1)


def _registry_name(value: str) -> str:
    if not re.fullmatch(REGISTRY_NAME_PATTERN, value):
        raise _custom(
            "registry_name",
            f"'{value}' is not a registry name",
            "ACR names are 5 to 50 letters and digits, without the '.azurecr.io' suffix",
        )
    return value


def _registry_id(value: str) -> str:
    if not re.fullmatch(REGISTRY_ID_PATTERN, value):
        raise _custom(
            "registry_id",
            f"'{value}' is not a container registry resource id",
            "write /subscriptions/<guid>/resourceGroups/<group>/providers/"
            "Microsoft.ContainerRegistry/registries/<name>, with exactly this casing",
        )
    return value


class Registry(_Model):
    """A registry, by name and resource group (looked up) or by full resource id."""

    name: Annotated[str, AfterValidator(_registry_name)] | None = None
    resource_group: Annotated[str, AfterValidator(_resource_group)] | None = None
    id: Annotated[str, AfterValidator(_registry_id)] | None = None

    @model_validator(mode="after")
    def _one_way_to_find_it(self) -> Registry:
        if self.id is not None:
            if self.resource_group is not None:
                raise _custom(
                    "registry_ref",
                    "a registry has both id and resource_group",
                    "give either id, or name with resource_group, not both",
                )
            if self.name is not None and self.name != self.id.rsplit("/", 1)[1]:
                raise _custom(
                    "registry_ref",
                    f"name '{self.name}' differs from the name in id "
                    f"('{self.id.rsplit('/', 1)[1]}')",
                    "drop name or correct it",
                )
        elif self.name is None or self.resource_group is None:
            raise _custom(
                "registry_ref",
                "a registry needs name and resource_group, or a full resource id",
                "add the missing key",
            )
        return self

    @property
    def registry_name(self) -> str:
        return self.name if self.name is not None else str(self.id).rsplit("/", 1)[1]


class LocalBackend(_Model):
    """State in a local file, relative to the stack's output folder."""

    type: Literal["local"] = "local"
    path: LiteralText | None = Field(
        default=None,
        description="Left out: terraform.<stack>.tfstate. Always written as given, "
        "so output does not depend on the working directory.",
    )


def _cloud_name(what: str, pattern: str, allowed: str):
    """A check for a name HCP Terraform accepts, so that a typo or a pasted value
    fails here, with its place in the catalogue, instead of at terraform init."""

    def check(value: str) -> str:
        if not re.fullmatch(pattern, value):
            raise _custom(
                "cloud_name",
                f"{value!r} is not a valid {what}",
                f"use {allowed}",
            )
        return value

    return AfterValidator(check)


# HCP Terraform's naming rules for what the cloud block names.
_Organization = Annotated[
    LiteralText,
    _cloud_name(
        "Terraform Cloud organization name",
        r"[A-Za-z0-9_-]{1,80}",
        "the organization's name as HCP Terraform shows it: letters, digits, '-' "
        "and '_'",
    ),
]
_Workspace = Annotated[
    LiteralText,
    _cloud_name(
        "Terraform Cloud workspace name",
        r"[A-Za-z0-9_-]{1,90}",
        "1 to 90 letters, digits, '-' and '_'",
    ),
]
_WorkspaceTag = Annotated[
    LiteralText,
    _cloud_name(
        "Terraform Cloud workspace tag",
        r"[A-Za-z0-9:_-]{1,255}",
        "1 to 255 letters, digits, ':', '-' and '_'",
    ),
]
_Project = Annotated[
    LiteralText,
    _cloud_name(
        "Terraform Cloud project name",
        r"[A-Za-z0-9 _-]{3,40}",
        "3 to 40 letters, digits, spaces, '-' and '_'",
    ),
]
_Hostname = Annotated[
    LiteralText,
    _cloud_name(
        "Terraform Cloud or Enterprise host name",
        r"(?=.{1,253}(:|$))[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?"
        r"(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*(:[0-9]{1,5})?",
        "a host name such as app.terraform.io or tfe.example.com, without "
        "https:// or a path",
    ),
]


class CloudBackend(_Model):
    """Terraform Cloud (or Enterprise) workspace; the token comes from the environment."""

    type: Literal["cloud"]
    organization: _Organization
    workspace: _Workspace | None = None
    workspace_tags: list[_WorkspaceTag] | None = Field(default=None, min_length=1)
    hostname: _Hostname | None = Field(
        default=None, description="Left out: app.terraform.io."
    )
    project: _Project | None = Field(
        default=None, description="Left out: the organization's default project."
    )

    @model_validator(mode="after")
    def _one_workspace_selector(self) -> CloudBackend:
        if (self.workspace is None) == (self.workspace_tags is None):
            raise _custom(
                "cloud_workspace",
                "a cloud backend needs exactly one of workspace or workspace_tags",
                "keep one of the two",
            )
        return self


Backend = Annotated[Union[LocalBackend, CloudBackend], Field(discriminator="type")]


class Stack(_Model):
    """One Terraform stack (one cdk.tf.json): its registries and its backend."""

    name: Name
    description: LiteralText | None = None
    backend: Backend = Field(default_factory=LocalBackend)
    registries: list[Registry] = Field(min_length=1)


def _cron(value: object) -> str:
    try:
        return normalize_schedule(value)
    except ScheduleSyntaxError as error:
        raise _custom("schedule", error.message, error.fix) from None


Cron = Annotated[
    str,
    BeforeValidator(_cron),
    WithJsonSchema(
        {
            "type": "string",
            "description": "Five-field NCrontab expression in UTC, e.g. '0 1 * * *'.",
        }
    ),
]


def _timer_name(value: str) -> str:
    if not re.fullmatch(TIMER_NAME_PATTERN, value):
        raise _custom(
            "timer_name",
            f"'{value}' is not a timer name",
            "use 1 to 50 letters, digits, '-' or '_'",
        )
    return value


class Schedule(_Model):
    """A named timer trigger; a plain string is a schedule named after its position."""

    cron: Cron
    name: Annotated[str, AfterValidator(_timer_name)] | None = Field(
        default=None, description="Left out: schedule-1, schedule-2, ... by position."
    )
    enabled: bool = True

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: object) -> object:
        # Anything but a mapping is the schedule itself, so that a number gets the
        # cron message rather than "expected a mapping".
        return data if isinstance(data, dict) else {"cron": data}


def _identity(value: str) -> str:
    if not re.fullmatch(IDENTITY_PATTERN, value):
        raise _custom(
            "identity",
            f"'{value}' is not '[system]' or a user-assigned identity's resource id",
            "write '[system]', or /subscriptions/<guid>/resourceGroups/<group>/providers/"
            "Microsoft.ManagedIdentity/userAssignedIdentities/<name>",
        )
    return value


class RegistryCredential(_Model):
    """Pull credentials for a mirrored acr-cli image: an identity, never a password."""

    login_server: str = Field(pattern=r"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]+)?$")
    identity: Annotated[str, AfterValidator(_identity)] = Field(
        description="'[system]' for the task's system-assigned identity, or a "
        "user-assigned identity's resource id.",
    )


def _timeout(low: int, what: str):
    def check(value: int) -> int:
        if not low <= value <= MAX_TIMEOUT_SECONDS:
            raise _custom(
                "timeout",
                f"{what} {value} s is outside {low}-{MAX_TIMEOUT_SECONDS} s, the range "
                "ACR Tasks accept",
                f"use a value in {low}-{MAX_TIMEOUT_SECONDS}; split large purges across "
                f"tasks if {MAX_TIMEOUT_SECONDS} s is not enough",
            )
        return value

    return AfterValidator(check)


class TaskSettings(_Model):
    """How each generated task runs."""

    step_timeout_seconds: Annotated[
        StrictInt, _timeout(MIN_STEP_TIMEOUT_SECONDS, "step timeout")
    ] = Field(
        default=DEFAULT_STEP_TIMEOUT_SECONDS,
        description="Timeout of each purge step (one per rule). Left out: 3600.",
    )
    timeout_seconds: (
        Annotated[StrictInt, _timeout(MIN_TASK_TIMEOUT_SECONDS, "task timeout")] | None
    ) = Field(
        default=None,
        description="Timeout of the whole run. Left out: the sum of the step timeouts "
        "(at least 300).",
    )
    acr_cli_image: str | None = Field(
        default=None,
        min_length=1,
        description="Left out: the pinned default, mcr.microsoft.com/acr/acr-cli:0.19. "
        "A full image reference with a release tag; never the floating 'acr' alias.",
    )
    acr_cli_version: str | None = Field(
        default=None,
        pattern=r"^[0-9]+\.[0-9]+(\.[0-9]+)?$",
        description="The acr-cli release in acr_cli_image, needed when its tag is not "
        "a version (a digest or a custom tag).",
    )
    concurrency: StrictInt | None = Field(
        default=None,
        ge=1,
        le=32,
        description="acr purge --concurrency. Left out: acr-cli's default (the CPU count).",
    )
    registry_credentials: list[RegistryCredential] = Field(
        default_factory=list,
        description="Identities the task uses to pull a mirrored acr-cli image.",
    )

    @model_validator(mode="after")
    def _image_is_pinned(self) -> TaskSettings:
        try:
            resolve_image(self.acr_cli_image, self.acr_cli_version)
        except ImageError as error:
            raise PydanticCustomError(
                "acr_cli_image",
                error.message,
                {
                    FIX_CONTEXT_KEY: error.fix,
                    AT_CONTEXT_KEY: ["acr_cli_image"] if self.acr_cli_image else [],
                },
            ) from None
        return self

    @property
    def image(self) -> AcrCliImage:
        return resolve_image(self.acr_cli_image, self.acr_cli_version)


Mode = Literal["dry-run", "enforce"]


class Assignment(_Model):
    """Policies applied to registries on schedules: one task per registry and policy."""

    name: Name
    description: LiteralText | None = None
    registries: list[Annotated[str, AfterValidator(_registry_name)]] = Field(
        min_length=1
    )
    policies: list[Name] = Field(min_length=1)
    schedules: list[Schedule] = Field(min_length=1)
    mode: Mode = Field(
        description="dry-run: purge with --dry-run, so the run log lists what would go; "
        "enforce: delete."
    )
    enabled: bool = Field(default=True, description="Left out: the tasks are enabled.")
    task: TaskSettings = Field(default_factory=TaskSettings)


class CatalogueFile(_Model):
    """One YAML document of the catalogue; a catalogue may span several files."""

    policies: list[Policy] = Field(default_factory=list)
    stacks: list[Stack] = Field(default_factory=list)
    assignments: list[Assignment] = Field(default_factory=list)
