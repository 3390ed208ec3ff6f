"""``acr-lifecycle report``: the whole catalogue as a document people review.

The document is built once as a list of blocks, then written as Markdown or HTML, so
both say the same thing.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime

from ..catalogue.load import Catalogue
from ..catalogue.models import CloudBackend, TagRule
from ..compile.plan import DeploymentPlan
from ..compile.task import CompiledTask
from .describe import describe_rule
from ..catalogue.schedule import describe_schedule, parse_schedule


@dataclass(frozen=True)
class Block:
    kind: str  # heading1..4, paragraph, bullets, code, note
    content: object


# Free text from the catalogue (descriptions) is shown as text, never as markup: a
# description could otherwise open a code fence, a heading or a link in a pull
# request comment. CommonMark lets any ASCII punctuation be escaped; these are the
# ones that mean something inside a line.
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>~])")


def _free_text(text: str) -> str:
    """One line: YAML block scalars and stray newlines fold into spaces."""
    return " ".join(str(text).split())


def runs_command(task: CompiledTask) -> str:
    return f"az acr task list-runs --registry {task.registry_name} --name {task.name} --top 15 -o table"


def build_report(
    catalogue: Catalogue, plan: DeploymentPlan, now: datetime
) -> list[Block]:
    blocks = [
        Block("heading1", "Purge catalogue report"),
        Block(
            "paragraph",
            f"Generated for {now:%Y-%m-%d %H:%M} UTC; next runs are counted from then. "
            f"{len(plan.tasks)} purge tasks in {len(plan.stacks)} stacks. Every task runs "
            "`acr purge` steps in order, one per rule; `dry-run` tasks only log what they "
            "would delete.",
        ),
    ]
    for stack in plan.stacks:
        blocks.append(Block("heading2", f"Stack {stack.name}"))
        backend = stack.backend
        if isinstance(backend, CloudBackend):
            where = backend.workspace or ", ".join(backend.workspace_tags or [])
            blocks.append(
                Block(
                    "paragraph",
                    f"State: Terraform Cloud, organization `{backend.organization}`, workspace `{where}`.",
                )
            )
        else:
            path = backend.path or f"../../../terraform.{stack.name}.tfstate"
            blocks.append(
                Block(
                    "paragraph",
                    f"State: local file `{path}` (relative to the stack folder).",
                )
            )
        for registry in stack.registries:
            ref = registry.registry
            located = (
                f"resource group `{ref.resource_group}`"
                if ref.id is None
                else f"`{ref.id}`"
            )
            blocks.append(Block("heading3", f"Registry {registry.name}"))
            blocks.append(
                Block(
                    "paragraph",
                    f"Registry {registry.name}, {located}; {len(registry.tasks)} tasks.",
                )
            )
            for task in registry.tasks:
                blocks.extend(_task_blocks(catalogue, task, now))
    return blocks


def _task_blocks(
    catalogue: Catalogue, task: CompiledTask, now: datetime
) -> list[Block]:
    policy = catalogue.policies[task.policy]
    mode = (
        "dry-run (logs what it would delete, deletes nothing)"
        if task.mode == "dry-run"
        else "enforce (deletes)"
    )
    facts = [
        f"Policy `{policy.name}`",
        f"Assignment `{task.assignment}`, mode {mode}"
        + ("" if task.enabled else ", task disabled"),
    ]
    for trigger in task.timer_triggers:
        upcoming = parse_schedule(trigger.schedule).next_runs(now)
        runs = ", ".join(f"{r:%Y-%m-%d %H:%M}" for r in upcoming) or "never"
        state = "" if trigger.enabled else " (timer disabled)"
        facts.append(
            f"Timer `{trigger.name}` `{trigger.schedule}`: {describe_schedule(trigger.schedule)} (UTC){state}; next runs {runs} UTC"
        )
    facts.append(
        f"Timeout {task.timeout_in_seconds} s for the run, {task.step_timeout_seconds} s per step; "
        f"acr-cli image `{task.commands[0].image}`"
    )
    facts.append(f"Run history: `{runs_command(task)}`")
    blocks = [Block("heading4", f"Task {task.name}"), Block("bullets", facts)]
    if policy.description:
        blocks.append(Block("note", ("Policy note: ", policy.description)))
    earlier: list[TagRule] = []
    rules = {rule.id: rule for rule in policy.rules}
    for index, command in enumerate(task.commands, 1):
        rule = rules[command.rule_id]
        blocks.append(
            Block(
                "paragraph",
                f"Step {index}, rule `{rule.id}`: {describe_rule(rule, list(earlier))}",
            )
        )
        if rule.description:
            blocks.append(Block("note", ("Rule note: ", rule.description)))
        blocks.append(Block("code", command.text))
        if isinstance(rule, TagRule):
            earlier.append(rule)
    return blocks


def render_markdown(blocks: list[Block]) -> str:
    lines: list[str] = []
    marks = {"heading1": "#", "heading2": "##", "heading3": "###", "heading4": "####"}
    for block in blocks:
        if block.kind in marks:
            lines += [f"{marks[block.kind]} {block.content}", ""]
        elif block.kind == "paragraph":
            lines += [str(block.content), ""]
        elif block.kind == "bullets":
            lines += [f"- {item}" for item in block.content] + [""]
        elif block.kind == "code":
            lines += ["```sh", str(block.content), "```", ""]
        elif block.kind == "note":
            label, text = block.content
            lines += [label + _MARKDOWN_INLINE.sub(r"\\\1", _free_text(text)), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _inline(text: str) -> str:
    """Escape, then turn `code` spans into <code> elements."""
    parts = str(text).split("`")
    return "".join(
        f"<code>{html.escape(part)}</code>" if index % 2 else html.escape(part)
        for index, part in enumerate(parts)
    )


def render_html(blocks: list[Block]) -> str:
    tags = {"heading1": "h1", "heading2": "h2", "heading3": "h3", "heading4": "h4"}
    body: list[str] = []
    for block in blocks:
        if block.kind in tags:
            body.append(
                f"<{tags[block.kind]}>{_inline(block.content)}</{tags[block.kind]}>"
            )
        elif block.kind == "paragraph":
            body.append(f"<p>{_inline(block.content)}</p>")
        elif block.kind == "bullets":
            items = "".join(f"<li>{_inline(item)}</li>" for item in block.content)
            body.append(f"<ul>{items}</ul>")
        elif block.kind == "code":
            body.append(f"<pre><code>{html.escape(str(block.content))}</code></pre>")
        elif block.kind == "note":
            label, text = block.content
            body.append(f"<p>{html.escape(label + _free_text(text))}</p>")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>Purge catalogue report</title>"
        "<style>body{font-family:sans-serif;max-width:60rem;margin:auto}"
        "pre{background:#f4f4f4;padding:.5rem;overflow-x:auto}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
