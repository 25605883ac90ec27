"""Read YAML with libyaml (PyYAML's C composer) and keep where every value came from.

``read_yaml`` returns plain Python data plus a map from each value's path (a tuple of keys
and indices) to its (line, col), and from each mapping key's path to the key's own position.
Hostile input is refused with a positioned error instead of hanging or crashing: tabs in
indentation, bad encodings, empty files, alias bombs, absurd nesting, duplicate keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

MAX_DEPTH = 64
MAX_ALIAS_EXPANSIONS = 200  # a bank needs none; a billion-laughs file needs billions
Path = tuple[Any, ...]

_constructor = SafeConstructor()
_SCALARS = SafeConstructor.yaml_constructors
_STR_TAG = "tag:yaml.org,2002:str"


class YamlProblem(Exception):
    def __init__(self, line: int, col: int, message: str) -> None:
        super().__init__(message)
        self.line, self.col, self.message = line, col, message


@dataclass
class PositionedData:
    data: Any
    value_positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    problems: list[YamlProblem] = field(default_factory=list)  # non-fatal: reported, walk goes on

    def position(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """The closest known position: the node itself, else its nearest ancestor."""
        table = self.key_positions if key else self.value_positions
        if path in table:
            return table[path]
        for cut in range(len(path), -1, -1):
            if path[:cut] in self.value_positions:
                return self.value_positions[path[:cut]]
        return (1, 1)


def decode(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlProblem(line, col, "the file is not valid UTF-8; save it as UTF-8") from exc
    return text


def read_yaml(raw: bytes) -> PositionedData:
    text = decode(raw)
    if not text.strip():
        raise YamlProblem(1, 1, "the file is empty; a bank needs 'bank:' and 'questions:'")
    try:
        root = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "invalid YAML"
        lines = text.splitlines()
        offending = lines[line - 1] if 0 < line <= len(lines) else ""
        if "\t" in offending[:col] or "tab" in problem:
            problem = "a tab character: YAML indentation must use spaces"
        raise YamlProblem(line, col, f"YAML syntax error: {problem}") from exc
    except yaml.reader.ReaderError as exc:  # control characters and the like
        before = text[: exc.position]
        line = before.count("\n") + 1
        col = exc.position - (before.rfind("\n") + 1) + 1
        raise YamlProblem(
            line, col, f"character {exc.character!r} is not allowed in YAML; remove it"
        ) from exc
    except yaml.YAMLError as exc:  # e.g. "expected a single document"
        raise YamlProblem(1, 1, "YAML error: " + " ".join(str(exc).split())) from exc
    if root is None:
        raise YamlProblem(1, 1, "the file has no content; a bank needs 'bank:' and 'questions:'")
    result = PositionedData(None)
    walker = _Walker(result)
    result.data = walker.convert(root, (), 0)
    return result


class _Walker:
    def __init__(self, result: PositionedData) -> None:
        self.result = result
        self.seen: set[int] = set()
        self.expansions = 0

    def convert(self, node: yaml.Node, path: Path, depth: int) -> Any:
        mark = node.start_mark
        self.result.value_positions[path] = (mark.line + 1, mark.column + 1)
        if depth > MAX_DEPTH:
            raise YamlProblem(
                mark.line + 1, mark.column + 1, f"nesting deeper than {MAX_DEPTH} levels"
            )
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR_TAG:
                return node.value
            constructor = _SCALARS.get(node.tag)
            if constructor is None:
                raise YamlProblem(mark.line + 1, mark.column + 1, f"unsupported tag {node.tag}")
            try:
                return constructor(_constructor, node)
            except (ConstructorError, ValueError) as exc:
                raise YamlProblem(mark.line + 1, mark.column + 1, f"bad value: {exc}") from exc
        if id(node) in self.seen:  # an alias: the same node reached again
            self.expansions += 1
            if self.expansions > MAX_ALIAS_EXPANSIONS:
                raise YamlProblem(
                    mark.line + 1,
                    mark.column + 1,
                    "too many alias expansions (a YAML 'billion laughs' bomb?); "
                    "banks do not need aliases",
                )
        self.seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*path, k), depth + 1) for k, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise YamlProblem(
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        "merge keys ('<<') are not supported in banks",
                    )
                key = self.convert(key_node, (*path, "<key>"), depth + 1)
                if not isinstance(key, str | int | float | bool) or key is None:
                    raise YamlProblem(
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        "mapping keys must be plain words",
                    )
                key_mark = key_node.start_mark
                if key in out:
                    self.result.problems.append(
                        YamlProblem(
                            key_mark.line + 1, key_mark.column + 1, f"duplicate key '{key}'"
                        )
                    )
                    continue
                self.result.key_positions[(*path, key)] = (key_mark.line + 1, key_mark.column + 1)
                out[key] = self.convert(value_node, (*path, key), depth + 1)
            return out
        raise YamlProblem(mark.line + 1, mark.column + 1, "unsupported YAML node")
