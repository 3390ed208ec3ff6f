"""acr-cli's two filter halves, rewritten as the catalogue's whole-name patterns.

acr-cli builds the repository match as ``'^' + repo + '$'`` by concatenation, so a
top-level ``|`` escapes the anchors (``foo|bar`` means "starts with foo or ends with
bar"), and it searches the tag regex anywhere in the tag (``v1`` matches ``v10``). The
catalogue matches both against the whole name. Each rewrite here keeps exactly the
names acr-cli matched; the caller says so in the imported YAML when the text changed.
"""

from __future__ import annotations

from ..catalogue import patterns
from ..catalogue.patterns import closing_paren, top_level_alternatives

MATCH_ALL = ".*"


def unwrap_group(text: str) -> str:
    """``(?:X)`` around the whole text, with a top-level ``|`` in X, becomes X."""
    if text.startswith("(?:") and closing_paren(text, 0) == len(text) - 1:
        inner = text[3:-1]
        if patterns.has_top_level_alternation(inner):
            return inner
    return text


def ends_with_anchor(text: str) -> bool:
    """Whether ``text`` ends with a ``$`` that is not escaped."""
    if not text.endswith("$"):
        return False
    backslashes = len(text[:-1]) - len(text[:-1].rstrip("\\"))
    return backslashes % 2 == 0


def _ends_with_match_all(text: str) -> bool:
    """Whether ``text`` ends with ``.*`` whose dot is not escaped."""
    if not text.endswith(".*"):
        return False
    before = text[:-2]
    backslashes = len(before) - len(before.rstrip("\\"))
    return backslashes % 2 == 0


def whole_repository_patterns(acr_pattern: str) -> list[str]:
    """Catalogue repository patterns that match the names ``^`` + acr_pattern + ``$``
    matches. Without a top-level ``|`` that is the pattern itself; with one, the first
    alternative is anchored at the start only, the last at the end only, and the
    middle ones nowhere, and each becomes its own whole-name pattern."""
    alternatives = top_level_alternatives(acr_pattern)
    if len(alternatives) == 1:
        inner = unwrap_group(acr_pattern)
        return top_level_alternatives(inner) if inner != acr_pattern else [acr_pattern]
    rewritten = []
    for index, alternative in enumerate(alternatives):
        prefix = "" if index == 0 else MATCH_ALL
        suffix = "" if index == len(alternatives) - 1 else MATCH_ALL
        rewritten.append(_join(prefix, alternative, suffix))
    return list(dict.fromkeys(rewritten))


def whole_tag_regex(acr_regex: str) -> str:
    """A regex that matches a whole tag exactly when acr-cli's unanchored search of
    ``acr_regex`` finds a match in it. Tags contain no newline, so ``.*`` spans any
    tag and ``^``/``$`` at the ends of an alternative are the only anchors to fold."""
    pieces = []
    for alternative in top_level_alternatives(acr_regex):
        core = alternative
        at_start = core.startswith("^")
        if at_start:
            core = core[1:]
        at_end = ends_with_anchor(core)
        if at_end:
            core = core[:-1]
        prefix = "" if at_start or core.startswith(MATCH_ALL) else MATCH_ALL
        suffix = "" if at_end or _ends_with_match_all(core) else MATCH_ALL
        pieces.append(_join(prefix, core, suffix))
    unique = list(dict.fromkeys(pieces))
    if MATCH_ALL in unique:
        return MATCH_ALL
    return "|".join(unique)


def _join(prefix: str, core: str, suffix: str) -> str:
    if not core:
        return MATCH_ALL if prefix or suffix else ""
    if core == MATCH_ALL:
        return MATCH_ALL
    return prefix + core + suffix


def union(bodies: list[str]) -> str:
    """One whole-tag regex for several: any of them matches the whole tag."""
    unique = list(dict.fromkeys(bodies))
    if MATCH_ALL in unique:
        return MATCH_ALL
    if len(unique) == 1:
        return unique[0]
    return "|".join(unique)


def tag_selection(body: str) -> dict | str:
    """The most readable catalogue ``tags`` value whose regex is exactly ``body``:
    ``any``, ``wildcards`` when every alternative is a wildcard, else ``regex``."""
    body = unwrap_group(body)
    if patterns.is_match_all(body):
        return "any"
    wildcards = []
    for alternative in top_level_alternatives(body):
        wildcard = _as_wildcard(alternative)
        if wildcard is None or patterns.wildcard_to_regex(wildcard) != alternative:
            return {"regex": body}
        wildcards.append(wildcard)
    if "|".join(patterns.wildcard_to_regex(w) for w in wildcards) != body:
        return {"regex": body}
    return {"wildcards": wildcards}


def _as_wildcard(alternative: str) -> str | None:
    text = alternative.replace(".*", "*").replace("\\.", ".")
    body = text.replace("*", "")
    if not body and not text:
        return None
    if any(not (ch.isascii() and (ch.isalnum() or ch in "_.-")) for ch in body):
        return None
    if "**" in text:
        return None
    return text
