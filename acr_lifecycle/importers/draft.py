"""What an import produces before it is written: catalogue entries with their comments.

Entries are plain dicts in the catalogue's own keys, so the renderer writes exactly
what ``load_catalogue`` reads. Each entry carries the comments that explain it: notes
(the behaviour is kept; the text changed) and approximations (the behaviour differs;
written only with ``--allow-approximate``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import AcrLifecycleError


@dataclass(frozen=True)
class Refusal:
    """One part of the source that cannot be imported faithfully, and why."""

    where: str
    message: str
    value: str = ""
    fix: str = ""

    def render(self) -> str:
        text = f"{self.where}: {self.message}"
        if self.value and self.value not in self.message:
            text += f" (value: {self.value})"
        if self.fix:
            text += f"; {self.fix}"
        return text


class ImportRefused(AcrLifecycleError):
    """The source means something the catalogue cannot say exactly; nothing is written."""

    def __init__(self, refusals: list[Refusal]) -> None:
        self.refusals = refusals
        super().__init__("\n".join(r.render() for r in refusals))


class SourceError(AcrLifecycleError):
    """The input is not a source the import reads; the message says where and why."""


@dataclass
class Commented:
    """Comments above an entry: notes keep the behaviour, approximations change it."""

    notes: list[str] = field(default_factory=list)
    approximations: list[str] = field(default_factory=list)

    def comment_lines(self) -> list[str]:
        return [f"note: {n}" for n in self.notes] + [
            f"approximate: {a}" for a in self.approximations
        ]


@dataclass
class RuleDraft(Commented):
    """A rule as the catalogue spells it, with the source it came from."""

    fields: dict = field(default_factory=dict)
    origin: str = ""
    command: str = ""

    @property
    def id(self) -> str:
        return self.fields["id"]

    @property
    def kind(self) -> str:
        return self.fields["kind"]


@dataclass
class PolicyDraft(Commented):
    name: str = ""
    rules: list[RuleDraft] = field(default_factory=list)


@dataclass
class AssignmentDraft(Commented):
    name: str = ""
    registries: list[str] = field(default_factory=list)
    policies: list[str] = field(default_factory=list)
    schedules: list = field(default_factory=list)
    mode: str = "enforce"
    enabled: bool = True
    task: dict = field(default_factory=dict)

    def settings_key(self) -> tuple:
        """What two tasks must share to be one assignment."""
        return (
            repr(self.schedules),
            self.mode,
            self.enabled,
            repr(sorted(self.task.items())),
        )


@dataclass
class RegistryDraft(Commented):
    fields: dict = field(default_factory=dict)
    placeholder: bool = False

    @property
    def name(self) -> str:
        if "name" in self.fields:
            return self.fields["name"]
        return self.fields["id"].rsplit("/", 1)[1]


@dataclass
class CatalogueDraft(Commented):
    """The imported catalogue: one stack (unless stacks come from elsewhere)."""

    source_kind: str = ""
    policies: list[PolicyDraft] = field(default_factory=list)
    assignments: list[AssignmentDraft] = field(default_factory=list)
    stack_name: str = "imported"
    registries: list[RegistryDraft] = field(default_factory=list)
    write_stack: bool = True
