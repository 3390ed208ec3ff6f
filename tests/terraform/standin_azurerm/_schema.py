"""Schemas declared once: sent to Terraform, and walked by the stand-in's own checks.

The shapes follow what terraform-plugin-sdk/v2 reports for an azurerm schema: a
``TypeList`` or ``TypeSet`` of ``Resource`` becomes a list- or set-nested block with
its ``MaxItems``; an argument with a ``Default`` stays plain optional (not computed) and
the provider fills the default in while planning; ``id`` is optional and computed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from tf import schema as tf_schema
from tf.gen import tfplugin_pb2 as pb
from tf.types import TfType, Unknown

from ._validation import Validator

Path = list  # attribute path for a diagnostic: names, and (index,) for list elements
Problem = tuple[Path, str]


class Nesting(Enum):
    SINGLE = pb.Schema.NestedBlock.NestingMode.SINGLE
    LIST = pb.Schema.NestedBlock.NestingMode.LIST
    SET = pb.Schema.NestedBlock.NestingMode.SET


@dataclass(frozen=True)
class Attribute:
    """One argument or attribute, with the provider-side rules the SDK applies to it."""

    name: str
    type: TfType
    required: bool = False
    optional: bool = False
    computed: bool = False
    sensitive: bool = False
    deprecated: bool = False
    force_new: bool = False
    default: Any = None
    validators: tuple[Validator, ...] = ()
    element_validators: tuple[Validator, ...] = ()
    state_func: Callable[[str], str] | None = None
    conflicts_with: tuple[str, ...] = ()

    def to_tf(self) -> tf_schema.Attribute:
        return tf_schema.Attribute(
            self.name,
            self.type,
            required=self.required,
            optional=self.optional,
            computed=self.computed,
            sensitive=self.sensitive,
            deprecated=self.deprecated or None,
        )


@dataclass(frozen=True)
class Block:
    attributes: tuple[Attribute, ...] = ()
    blocks: tuple[NestedBlock, ...] = ()

    def to_tf(self) -> tf_schema.Block:
        return tf_schema.Block(
            attributes=[a.to_tf() for a in self.attributes],
            block_types=[b.to_tf() for b in self.blocks],
        )

    def member(self, name: str) -> Attribute | NestedBlock:
        return next(m for m in (*self.attributes, *self.blocks) if m.name == name)


@dataclass(frozen=True)
class NestedBlock:
    name: str
    block: Block
    nesting: Nesting = Nesting.LIST
    min_items: int = 0
    max_items: int = 0
    conflicts_with: tuple[str, ...] = ()

    def to_tf(self) -> tf_schema.NestedBlock:
        return _TfNestedBlock(self)


@dataclass(frozen=True)
class Schema:
    block: Block
    version: int = 0

    def to_tf(self) -> tf_schema.Schema:
        return tf_schema.Schema(
            attributes=[a.to_tf() for a in self.block.attributes],
            block_types=[b.to_tf() for b in self.block.blocks],
            version=self.version,
        )


class _TfNestedBlock(tf_schema.NestedBlock):
    """A nested block in any nesting mode.

    The ``tf`` framework (1.2.0) only ships set-nested blocks, while azurerm declares
    its blocks as lists (``max_items`` 1 for single blocks) and ``timeouts`` as a
    single block. The stand-in encodes and decodes state itself, so only ``to_pb``
    matters.
    """

    def __init__(self, declared: NestedBlock):
        super().__init__(
            declared.name,
            tf_schema.NestMode.Set,
            declared.block.to_tf(),
            min_items=declared.min_items,
            max_items=declared.max_items,
        )
        self.declared = declared

    def to_pb(self) -> pb.Schema.NestedBlock:
        return pb.Schema.NestedBlock(
            type_name=self.type_name,
            block=self.block.to_pb(),
            nesting=self.declared.nesting.value,
            min_items=self.min_items,
            max_items=self.max_items,
        )

    def encode(self, value: Any) -> Any:
        return value

    def decode(self, value: Any) -> Any:
        return value

    def semantically_equal(self, a_decoded: Any, b_decoded: Any) -> bool:
        return a_decoded == b_decoded


def is_known(value: Any) -> bool:
    return value is not Unknown


def elements(nested: NestedBlock, value: Any) -> list[dict]:
    """The objects of a nested block value: none when null or unknown."""
    if value is None or value is Unknown:
        return []
    if nested.nesting is Nesting.SINGLE:
        return [value]
    return [v for v in value if isinstance(v, dict)]


def conform(block: Block, value: dict | None) -> dict | None:
    """``value`` with every attribute and block of ``block``, as Terraform wants.

    Missing attributes become null, missing list and set blocks empty, a missing single
    block null.
    """
    if value is None or value is Unknown:
        return value
    result: dict[str, Any] = {}
    for attribute in block.attributes:
        result[attribute.name] = value.get(attribute.name)
    for nested in block.blocks:
        raw = value.get(nested.name)
        if raw is Unknown:
            result[nested.name] = raw
        elif nested.nesting is Nesting.SINGLE:
            result[nested.name] = conform(nested.block, raw)
        else:
            result[nested.name] = [conform(nested.block, v) for v in raw or []]
    return result


def plan_values(block: Block, proposed: dict) -> dict:
    """The planned object for a proposed one, as the SDK plans it.

    Null arguments that have a default get it, a ``StateFunc`` rewrites known values,
    and null computed attributes become unknown (the provider sets them on apply).
    """
    planned = dict(proposed)
    for attribute in block.attributes:
        value = planned.get(attribute.name)
        if value is None and attribute.default is not None:
            value = attribute.default
        elif value is None and attribute.computed:
            value = Unknown
        elif attribute.state_func and isinstance(value, str):
            value = attribute.state_func(value)
        planned[attribute.name] = value
    for nested in block.blocks:
        value = planned.get(nested.name)
        if value is None or value is Unknown:
            continue
        if nested.nesting is Nesting.SINGLE:
            planned[nested.name] = plan_values(nested.block, value)
        else:
            planned[nested.name] = [
                plan_values(nested.block, v) if isinstance(v, dict) else v
                for v in value
            ]
    return conform(block, planned)


def keep_null_collections(block: Block, planned: dict, prior: dict | None) -> dict:
    """``planned`` with empty maps, lists and sets left null where ``prior`` had null.

    The SDK cannot tell an empty collection from a missing one, so ``values = {}`` in
    the configuration of a task whose state has no values plans no change.
    """
    if not isinstance(prior, dict):
        return planned
    result = dict(planned)
    for attribute in block.attributes:
        value = result.get(attribute.name)
        if value in ({}, []) and prior.get(attribute.name) is None:
            result[attribute.name] = None
    for nested in block.blocks:
        value, before = result.get(nested.name), prior.get(nested.name)
        if nested.nesting is Nesting.SINGLE and isinstance(value, dict):
            result[nested.name] = keep_null_collections(nested.block, value, before)
        elif nested.nesting is Nesting.LIST and isinstance(value, list):
            before = before if isinstance(before, list) else []
            result[nested.name] = [
                keep_null_collections(nested.block, v, before[i])
                if i < len(before) and isinstance(v, dict)
                else v
                for i, v in enumerate(value)
            ]
    return result


def validate(block: Block, config: dict, path: Path | None = None) -> list[Problem]:
    """Problems of one configuration object, as the SDK's ``ValidateFunc``s find them.

    Unknown values are skipped: Terraform validates again once they are known.
    """
    path = path or []
    problems: list[Problem] = []
    for attribute in block.attributes:
        value = config.get(attribute.name)
        if value is None or value is Unknown:
            continue
        here = [*path, attribute.name]
        key = _flatmap_key(here)
        for check in attribute.validators:
            problems += [(here, message) for message in check(value, key)]
        if attribute.element_validators and isinstance(value, list):
            for index, element in enumerate(value):
                if element is None or element is Unknown:
                    continue
                element_key = f"{key}.{index}"
                for check in attribute.element_validators:
                    problems += [(here, m) for m in check(element, element_key)]
        problems += _conflicts(
            block, config, attribute.name, attribute.conflicts_with, here
        )
    for nested in block.blocks:
        value = config.get(nested.name)
        if nested.nesting is Nesting.LIST and isinstance(value, list):
            for index, element in enumerate(value):
                if isinstance(element, dict):
                    problems += validate(
                        nested.block, element, [*path, nested.name, (index,)]
                    )
        else:
            for element in elements(nested, value):
                problems += validate(nested.block, element, [*path, nested.name])
        if elements(nested, value):
            problems += _conflicts(
                block, config, nested.name, nested.conflicts_with, [*path, nested.name]
            )
    return problems


def _conflicts(
    block: Block, config: dict, name: str, others: tuple[str, ...], here: Path
) -> list[Problem]:
    problems = []
    for other in others:
        member = block.member(other)
        value = config.get(other)
        present = (
            bool(elements(member, value))
            if isinstance(member, NestedBlock)
            else value is not None and value is not Unknown
        )
        if present:
            problems.append((here, f'"{name}": conflicts with {other}'))
    return problems


def _flatmap_key(path: Path) -> str:
    return ".".join(str(step[0]) if isinstance(step, tuple) else step for step in path)
