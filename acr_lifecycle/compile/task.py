"""A compiled purge task: everything the Terraform resource needs, in plain values."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ..catalogue.models import Registry, RegistryCredential
from .command import PurgeCommand

MANAGED_BY = "acr-lifecycle"
TASK_NAME_PATTERN = re.compile(r"[A-Za-z0-9_-]{5,50}")


@dataclass(frozen=True)
class TimerTrigger:
    name: str
    schedule: str
    enabled: bool = True


@dataclass(frozen=True)
class CompiledTask:
    """One ``azurerm_container_registry_task``: a policy applied to one registry."""

    name: str
    stack: str
    registry: Registry
    policy: str
    assignment: str
    mode: str
    enabled: bool
    commands: tuple[PurgeCommand, ...]
    step_timeout_seconds: int
    timeout_in_seconds: int
    timer_triggers: tuple[TimerTrigger, ...]
    registry_credentials: tuple[RegistryCredential, ...]
    task_yaml: str
    task_content: str

    @property
    def registry_name(self) -> str:
        return self.registry.registry_name

    @property
    def tags(self) -> dict[str, str]:
        """Resource tags that lead from a task (and its run logs) back to the catalogue."""
        return {
            "managed-by": MANAGED_BY,
            "acr-lifecycle-assignment": self.assignment,
            "acr-lifecycle-mode": self.mode,
            "acr-lifecycle-policy": self.policy,
            "acr-lifecycle-rules": ",".join(c.rule_id for c in self.commands),
        }

    @property
    def identity(self) -> tuple[str, tuple[str, ...]] | None:
        """The identity block the credentials need: (type, user-assigned ids), or None."""
        identities = [c.identity for c in self.registry_credentials]
        if not identities:
            return None
        user_assigned = tuple(sorted({i for i in identities if i != "[system]"}))
        system = "[system]" in identities
        if system and user_assigned:
            return "SystemAssigned, UserAssigned", user_assigned
        if system:
            return "SystemAssigned", ()
        return "UserAssigned", user_assigned


def task_name(assignment: str, policy: str) -> str:
    """``<assignment>-<policy>``, shortened with a stable hash past ACR's 50 characters.

    Renaming a task replaces it (and detaches its run history), so the name depends
    only on the two names, never on order or position.
    """
    name = f"{assignment}-{policy}"
    if len(name) < 5:
        name = f"{name}-purge"
    if len(name) > 50:
        digest = hashlib.sha256(name.encode()).hexdigest()[:8]
        name = f"{name[:41].rstrip('-')}-{digest}"
    return name


def logical_id(task: CompiledTask) -> str:
    """The Terraform resource name: stable, readable, unique within a stack."""
    return f"purge_{task.registry_name.lower()}_{task.name.replace('-', '_')}"
