"""Read YAML with ruamel.yaml and keep where every key and value stood."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from io import StringIO

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

# Aliases can multiply a small file into a huge tree ("billion laughs"); a catalogue
# never needs more nodes than this.
MAX_NODES = 200_000

Path = tuple


@dataclass
class Positions:
    """1-based (line, column) of each value and each mapping key, by path."""

    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def of(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """The closest known position: the path itself, else its nearest ancestor."""
        if key and path in self.keys:
            return self.keys[path]
        probe = tuple(path)
        while probe:
            if probe in self.values:
                return self.values[probe]
            if probe in self.keys:
                return self.keys[probe]
            probe = probe[:-1]
        return self.values.get((), (1, 1))


class _Constructor(RoundTripConstructor):
    """ruamel.yaml takes a few plain texts for numbers by their characters alone and
    then fails to convert them ('-_', '0x_', '._'); such a value is text."""

    def construct_yaml_int(self, node):
        try:
            return super().construct_yaml_int(node)
        except (ValueError, IndexError):
            return self.construct_scalar(node)

    def construct_yaml_float(self, node):
        try:
            return super().construct_yaml_float(node)
        except (ValueError, IndexError):
            return self.construct_scalar(node)


_Constructor.add_constructor("tag:yaml.org,2002:int", _Constructor.construct_yaml_int)
_Constructor.add_constructor(
    "tag:yaml.org,2002:float", _Constructor.construct_yaml_float
)


class YamlSyntaxError(ValueError):
    """A syntax error at ``line``; ``start_line`` is where the construct it breaks
    began (a quoted text, a flow list), so the lines before it may still parse."""

    def __init__(
        self, message: str, line: int, column: int, start_line: int | None = None
    ) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.start_line = min(line, start_line) if start_line else line


@dataclass
class Document:
    data: object
    positions: Positions


def load_documents(text: str) -> list[Document]:
    """Parse every YAML document in ``text`` into plain Python values with positions."""
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.allow_duplicate_keys = False
    try:
        raw_documents = list(yaml.load_all(StringIO(text)))
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        start = error.context_mark.line + 1 if error.context_mark else None
        problem = error.problem or error.context or "invalid YAML"
        raise YamlSyntaxError(f"YAML syntax: {problem}", line, column, start) from None
    except YAMLError as error:
        raise YamlSyntaxError(f"YAML syntax: {error}", 1, 1) from None
    except RecursionError:
        raise YamlSyntaxError("YAML nests too deeply to be a catalogue", 1, 1) from None
    documents = []
    for raw in raw_documents:
        positions = Positions()
        counter = [0]
        data = _plain(raw, (), positions, counter)
        documents.append(Document(data, positions))
    return documents


def _plain(
    node: object, path: Path, positions: Positions, counter: list[int]
) -> object:
    counter[0] += 1
    if counter[0] > MAX_NODES:
        raise YamlSyntaxError(
            f"the document expands to more than {MAX_NODES} values (aliases?)", 1, 1
        )
    if isinstance(node, CommentedMap):
        if not path:
            positions.values[()] = (node.lc.line + 1, node.lc.col + 1)
        result = {}
        for key, value in node.items():
            key_text = key if isinstance(key, str) else _plain_scalar(key)
            child = path + (key_text,)
            try:
                k_line, k_col = node.lc.key(key)
                positions.keys[child] = (k_line + 1, k_col + 1)
                v_line, v_col = node.lc.value(key)
                positions.values[child] = (v_line + 1, v_col + 1)
            except (KeyError, TypeError, AttributeError):
                positions.values[child] = (node.lc.line + 1, node.lc.col + 1)
            result[key_text] = _plain(value, child, positions, counter)
        return result
    if isinstance(node, CommentedSeq):
        if not path:
            positions.values[()] = (node.lc.line + 1, node.lc.col + 1)
        items = []
        for index, value in enumerate(node):
            child = path + (index,)
            try:
                line, col = node.lc.item(index)
                positions.values[child] = (line + 1, col + 1)
            except (KeyError, TypeError, AttributeError):
                positions.values[child] = (node.lc.line + 1, node.lc.col + 1)
            items.append(_plain(value, child, positions, counter))
        return items
    return _plain_scalar(node)


def _plain_scalar(node: object) -> object:
    if node is None or isinstance(node, bool):
        return node
    if isinstance(node, str):
        return str(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, (datetime.date, datetime.datetime)):
        return node.isoformat()
    tagged_value = getattr(node, "value", None)
    if isinstance(tagged_value, (str, int, float)):
        return tagged_value
    return str(node)
