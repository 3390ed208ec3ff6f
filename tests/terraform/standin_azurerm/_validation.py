"""Value checks with the messages of terraform-plugin-sdk/v2's ``helper/validation``.

A validator takes the value and its flatmap key (``agent_setting.0.cpu``) and returns
the error messages, like an SDK ``ValidateFunc``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Validator = Callable[[Any, str], list[str]]


def string_is_not_empty(value: Any, key: str) -> list[str]:
    if value == "":
        return [f'expected "{key}" to not be an empty string, got ']
    return []


def string_in_slice(*valid: str) -> Validator:
    quoted = "[" + " ".join(f'"{v}"' for v in valid) + "]"

    def check(value: Any, key: str) -> list[str]:
        if value in valid:
            return []
        return [f"expected {key} to be one of {quoted}, got {value}"]

    return check


def string_match(pattern: str, message: str) -> Validator:
    compiled = re.compile(pattern, re.ASCII)

    def check(value: Any, key: str) -> list[str]:
        if compiled.search(value):
            return []
        return [f"invalid value for {key} ({message.format(key=key)})"]

    return check


def int_between(low: int, high: int) -> Validator:
    def check(value: Any, key: str) -> list[str]:
        if low <= value <= high:
            return []
        return [f"expected {key} to be in the range ({low} - {high}), got {value}"]

    return check


def int_in_slice(*valid: int) -> Validator:
    listed = "[" + " ".join(str(v) for v in valid) + "]"

    def check(value: Any, key: str) -> list[str]:
        if value in valid:
            return []
        return [f"expected {key} to be one of {listed}, got {value}"]

    return check


def resource_id(name: str, pattern: str, shape: str) -> Validator:
    """A strict, case-sensitive resource ID parse, as go-azure-sdk's parsers do."""
    compiled = re.compile(pattern)

    def check(value: Any, key: str) -> list[str]:
        if compiled.fullmatch(value):
            return []
        return [
            f'parsing "{value}": the value for {key} is not a valid {name} ID: '
            f"the ID should be in the format {shape}"
        ]

    return check


def tags(value: Any, key: str) -> list[str]:
    """go-azure-helpers ``tags.Validate``: at most 50 tags, keys 512, values 256."""
    problems = []
    if len(value) > 50:
        problems.append("a maximum of 50 tags can be applied to each resource")
    for tag, text in value.items():
        if len(tag) > 512:
            problems.append(
                "the maximum length for a tag key is 512 characters: "
                f'"{tag}" is {len(tag)} characters'
            )
        if isinstance(text, str) and len(text) > 256:
            problems.append(
                "the maximum length for a tag value is 256 characters: "
                f'the value for "{tag}" is {len(text)} characters'
            )
    return problems
