"""What the caller tells an import that the source does not say."""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_SCHEDULE = "0 0 * * *"
DEFAULT_STACK = "imported"


@dataclass(frozen=True, kw_only=True)
class ImportOptions:
    """Every field is optional; each docstring says what happens when it is left out."""

    allow_approximate: bool = False
    """Left out: a rule that cannot keep the source's behaviour stops the import."""

    registry: str | None = None
    """Registry name for sources without one (a command, an ECR policy). Left out: the
    command's --registry, else a placeholder that lint accepts and the import points out."""

    resource_group: str | None = None
    """Resource group of ``registry``."""

    registry_id: str | None = None
    """Full resource id, instead of ``registry`` and ``resource_group``."""

    stack: str = DEFAULT_STACK
    """Name of the stack the import writes."""

    schedules: tuple[str, ...] = field(default_factory=tuple)
    """Cron schedules for sources without timers. Left out: daily at 00:00 UTC."""

    mode: str | None = None
    """dry-run or enforce. Left out: from --dry-run for commands and tasks; dry-run for
    an ECR policy, so its first runs only report."""

    repositories: tuple[str, ...] = field(default_factory=tuple)
    """ECR repositories the policy applies to, when the document does not name one."""

    known_registries: dict[str, str] | None = None
    """Registries of existing stacks (lowercase name to name); the import then writes no
    stack and refers to these. Left out: the import writes one stack."""
