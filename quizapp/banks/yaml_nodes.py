"""Read YAML with libyaml (PyYAML's C composer) and keep where every value came from.

``read_yaml`` returns plain Python data plus a map from each value's path (a tuple of keys
and indices) to its (line, col), and from each mapping key's path to the key's own position.
Hostile input is refused with a positioned error instead of hanging or crashing: tabs in
indentation, bad encodings, empty files, alias bombs, absurd nesting, duplicate keys.
"""

from __future__ import annotations

import re
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
    """Plain data plus the composed node tree; positions are looked up only when needed.

    Recording a position for every node costs as much as parsing; errors are rare, so
    ``position`` walks the node tree along the data path on demand instead.
    """

    data: Any
    root: yaml.Node | None = None
    problems: list[YamlProblem] = field(default_factory=list)  # non-fatal: reported, walk goes on
    text: str | None = None  # composed into ``root`` on first use when the fast path loaded it

    def position(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """The node at ``path`` (or its key), else its nearest ancestor; 1-based."""
        nodes, key_node, complete = self._walk(path)
        found = key_node if key and complete and key_node is not None else nodes[-1]
        if found is None:
            return (1, 1)
        return (found.start_mark.line + 1, found.start_mark.column + 1)

    def flow_comma_split(self, path: Path) -> tuple[str, str] | None:
        """For an unknown key at ``path``: was it text cut off by a comma in a ``{...}``?

        ``{text: in (0, 1) range}`` reads as ``text: in (0`` and a key ``1) range`` with no
        value. Returns the key before it and that key's text, so the message can show the
        value as the author meant it; None when the key is not such a leftover.
        """
        nodes, key_node, complete = self._walk(path)
        if not complete or key_node is None or len(nodes) < 2:
            return None
        mapping, value = nodes[-2], nodes[-1]
        if not isinstance(mapping, yaml.MappingNode) or not mapping.flow_style:
            return None
        if not (
            isinstance(value, yaml.ScalarNode) and value.tag.endswith(":null") and not value.value
        ):
            return None
        pairs = mapping.value
        index = next(k for k, (pair_key, _) in enumerate(pairs) if pair_key is key_node)
        if index == 0:
            return None
        before_key, before_value = pairs[index - 1]
        if not isinstance(before_value, yaml.ScalarNode) or before_value.style:
            return None
        return str(before_key.value), str(before_value.value)

    def _walk(self, path: Path) -> tuple[list[yaml.Node | None], yaml.Node | None, bool]:
        """The nodes from the root along ``path`` as far as it goes, the last key node, and
        whether the whole path was found."""
        if self.root is None and self.text is not None:
            self.root = yaml.compose(self.text, Loader=yaml.CSafeLoader)
        node = self.root
        nodes: list[yaml.Node | None] = [node]
        key_node = None
        for part in path:
            if isinstance(node, yaml.MappingNode):
                match = next((kv for kv in node.value if _key_matches(kv[0], part)), None)
                if match is None:
                    return nodes, key_node, False
                key_node, node = match
            elif (
                isinstance(node, yaml.SequenceNode)
                and isinstance(part, int)
                and 0 <= part < len(node.value)
            ):
                key_node, node = None, node.value[part]
            else:
                return nodes, key_node, False
            nodes.append(node)
        return nodes, key_node, True


def _key_matches(key_node: yaml.Node, part: Any) -> bool:
    return isinstance(key_node, yaml.ScalarNode) and key_node.value == str(part)


def decode(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlProblem(line, col, "the file is not valid UTF-8; save it as UTF-8") from exc
    return text


# Text that could be hostile (aliases, deep nesting) goes through the careful walker, which
# counts alias expansions and depth; everything else is constructed by PyYAML directly.
_ALIAS = re.compile(r"(?:^|[\s\[{,:-])\*[^\s,\]}]")
_DEEP_MARKERS = ("[[[[[[[[", "{{{{{{{{", "\n" + " " * 120)


class _FastLoader(yaml.CSafeLoader):
    """CSafeLoader that reports duplicate keys instead of silently keeping the last."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[YamlProblem] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        if len(mapping) != len(node.value):
            seen: set[Any] = set()
            for key_node, _ in node.value:
                key = key_node.value
                if key in seen:
                    mark = key_node.start_mark
                    self.duplicates.append(
                        YamlProblem(mark.line + 1, mark.column + 1, f"duplicate key '{key}'")
                    )
                seen.add(key)
        return mapping


def read_yaml(raw: bytes) -> PositionedData:
    text = decode(raw)
    if not text.strip():
        raise YamlProblem(1, 1, "the file is empty; a bank needs 'bank:' and 'questions:'")
    hostile = "<<" in text or any(marker in text for marker in _DEEP_MARKERS)
    if not hostile and ("*" not in text or not _ALIAS.search(text)):
        try:
            loader = _FastLoader(text)
            try:
                data = loader.get_single_data()
            finally:
                loader.dispose()
        except yaml.YAMLError:
            pass  # the careful path below reports it with its position
        except RecursionError:
            pass
        else:
            if data is None:
                raise YamlProblem(
                    1, 1, "the file has no content; a bank needs 'bank:' and 'questions:'"
                )
            return PositionedData(
                data, None, sorted(loader.duplicates, key=lambda p: (p.line, p.col)), text
            )
    return _read_carefully(text)


def _read_carefully(text: str) -> PositionedData:
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
        else:
            problem += _flow_hint(exc)
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
    result = PositionedData(None, root)
    walker = _Walker(result)
    result.data = walker.convert(root, 0)
    return result


def _flow_hint(exc: yaml.MarkedYAMLError) -> str:
    """What usually breaks a ``{...}`` or ``[...]`` on one line: an unquoted ':' or ','."""
    opened = exc.context_mark
    if opened is None:
        return ""
    where = f"line {opened.line + 1}, column {opened.column + 1}"
    if exc.context == "while parsing a flow mapping":
        return (
            f" (in the {{...}} that opens at {where}, an unquoted ':' or ',' ends a value: "
            'quote text that holds one, like feedback: "ratio: 2, not 3")'
        )
    if exc.context == "while parsing a flow sequence":
        return f" (is the [ that opens at {where} closed? quote items that hold ':' or ',')"
    return ""


class _Walker:
    """Nodes to plain data: strings fast, other scalars through PyYAML's safe constructors."""

    def __init__(self, result: PositionedData) -> None:
        self.result = result
        self.seen: set[int] = set()
        self.expansions = 0

    def convert(self, node: yaml.Node, depth: int) -> Any:
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR_TAG:
                return node.value
            return self._scalar(node)
        mark = node.start_mark
        if depth > MAX_DEPTH:
            raise YamlProblem(
                mark.line + 1, mark.column + 1, f"nesting deeper than {MAX_DEPTH} levels"
            )
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
            return [self.convert(item, depth + 1) for item in node.value]
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self._key(key_node)
                if key in out:
                    key_mark = key_node.start_mark
                    self.result.problems.append(
                        YamlProblem(
                            key_mark.line + 1, key_mark.column + 1, f"duplicate key '{key}'"
                        )
                    )
                    continue
                out[key] = self.convert(value_node, depth + 1)
            return out
        raise YamlProblem(mark.line + 1, mark.column + 1, "unsupported YAML node")

    def _key(self, key_node: yaml.Node) -> Any:
        mark = key_node.start_mark
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise YamlProblem(
                mark.line + 1, mark.column + 1, "merge keys ('<<') are not supported in banks"
            )
        if not isinstance(key_node, yaml.ScalarNode):
            raise YamlProblem(mark.line + 1, mark.column + 1, "mapping keys must be plain words")
        return key_node.value if key_node.tag == _STR_TAG else self._scalar(key_node)

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        mark = node.start_mark
        constructor = _SCALARS.get(node.tag)
        if constructor is None:
            raise YamlProblem(mark.line + 1, mark.column + 1, f"unsupported tag {node.tag}")
        try:
            return constructor(_constructor, node)
        except (ConstructorError, ValueError) as exc:
            raise YamlProblem(mark.line + 1, mark.column + 1, f"bad value: {exc}") from exc
