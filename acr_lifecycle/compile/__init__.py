"""Catalogue to purge commands, task YAML and tasks. Imports nothing from cdktf."""

from .command import REGISTRY_ARGUMENT, PurgeCommand, compile_rule
from .filters import Filter, tag_filters
from .plan import DeploymentPlan, RegistryPlan, StackPlan, compile_catalogue
from .task import CompiledTask, TimerTrigger, logical_id, task_name
from .task_yaml import decode_task_content, encode_task_content, render_task_yaml

__all__ = [
    "REGISTRY_ARGUMENT",
    "CompiledTask",
    "DeploymentPlan",
    "Filter",
    "PurgeCommand",
    "RegistryPlan",
    "StackPlan",
    "TimerTrigger",
    "compile_catalogue",
    "compile_rule",
    "decode_task_content",
    "encode_task_content",
    "logical_id",
    "render_task_yaml",
    "tag_filters",
    "task_name",
]
