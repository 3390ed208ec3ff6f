"""Reading regex text without compiling it: which characters are syntax, where the
groups and top-level alternatives are. One scanner serves the compiler (grouping), the
lint's language analysis and the importer (splitting alternatives)."""

from __future__ import annotations

from collections.abc import Iterator


def regex_syntax(text: str) -> Iterator[tuple[int, str, int]]:
    """``(index, character, group depth)`` of each character that is regex syntax,
    that is outside escapes and ``[...]`` classes. ``(`` reports the depth it opens
    from, ``)`` the depth it returns to, so a group's two parentheses share a depth."""
    depth = 0
    in_class = False
    class_body_start = -1
    escaped = False
    for index, ch in enumerate(text):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            # A ']' first in a class (or first after '^') is a literal in both
            # engines: '[](]' is one class of ']' and '('.
            if ch == "^" and index == class_body_start:
                class_body_start += 1
            elif ch == "]" and index > class_body_start:
                in_class = False
        elif ch == "[":
            in_class = True
            class_body_start = index + 1
        else:
            if ch == ")":
                depth = max(0, depth - 1)
            yield index, ch, depth
            if ch == "(":
                depth += 1


def top_level_alternatives(text: str) -> list[str]:
    """``text`` split at every ``|`` outside groups, classes and escapes."""
    cuts = [i for i, ch, depth in regex_syntax(text) if ch == "|" and depth == 0]
    bounds = [-1, *cuts, len(text)]
    return [text[a + 1 : b] for a, b in zip(bounds, bounds[1:])]


def has_top_level_alternation(body: str) -> bool:
    """Whether ``body`` has a ``|`` outside every group, class and escape."""
    return len(top_level_alternatives(body)) > 1


def closing_paren(text: str, start: int) -> int:
    """The index of the ``)`` that closes the group opened at ``text[start]``, or -1."""
    opened_at = None
    for index, ch, depth in regex_syntax(text):
        if index == start and ch == "(":
            opened_at = depth
        elif opened_at is not None and ch == ")" and depth == opened_at:
            return index
    return -1
