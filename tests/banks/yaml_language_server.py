"""A minimal LSP client for yaml-language-server over stdio: open a file, read its diagnostics.

The server is the npm package ``yaml-language-server``, found where ``.ci/run`` installs it
(``.ci/yaml-language-server/node_modules``), in ``node_modules`` at the repository root, or on
PATH; ``find_server`` returns None when it or node is missing, so the tests that use it skip.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path
from types import TracebackType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PLACES = (
    ROOT / ".ci" / "yaml-language-server" / "node_modules" / "yaml-language-server",
    ROOT / "node_modules" / "yaml-language-server",
)
SETTINGS = {"yaml": {"validate": True, "hover": False, "completion": False}}


def find_server() -> list[str] | None:
    """The command that starts the server on stdio, or None without node or the package."""
    node = shutil.which("node")
    if node is None:
        return None
    for place in PLACES:
        script = place / "bin" / "yaml-language-server"
        if script.is_file():
            return [node, str(script), "--stdio"]
    on_path = shutil.which("yaml-language-server")
    return [on_path, "--stdio"] if on_path else None


class YamlLanguageServer:
    """``with YamlLanguageServer(command, root) as server: server.diagnostics(path)``."""

    def __init__(self, command: list[str], root: Path) -> None:
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.buffer = b""
        self.next_id = 1
        self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": root.as_uri(),
                "capabilities": {"workspace": {"configuration": True}},
            },
        )
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": SETTINGS})

    def __enter__(self) -> YamlLanguageServer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.process.kill()
        self.process.wait(timeout=10)
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                pipe.close()

    def diagnostics(self, path: Path, timeout: float = 60) -> list[dict[str, Any]]:
        """Open ``path`` and return the first diagnostics the server publishes for it that
        come from a schema (or an empty list once the server says the file is clean)."""
        uri = path.resolve().as_uri()
        document = {"uri": uri, "languageId": "yaml", "version": 1, "text": path.read_text()}
        self.notify("textDocument/didOpen", {"textDocument": document})
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            message = self._read(deadline)
            if message is None:
                break
            if message.get("method") == "textDocument/publishDiagnostics":
                params = message["params"]
                if params["uri"] == uri:
                    found: list[dict[str, Any]] = params["diagnostics"]
                    return found
        raise TimeoutError(f"yaml-language-server published no diagnostics for {path}")

    # -- JSON-RPC ------------------------------------------------------------------------------
    def request(self, method: str, params: dict[str, Any], timeout: float = 60) -> Any:
        ident = self.next_id
        self.next_id += 1
        self._send({"jsonrpc": "2.0", "id": ident, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            message = self._read(deadline)
            if message is None:
                break
            if message.get("id") == ident and "method" not in message:
                return message.get("result")
        raise TimeoutError(f"yaml-language-server did not answer {method}")

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def _send(self, message: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        body = json.dumps(message).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.process.stdin.flush()

    def _read(self, deadline: float) -> dict[str, Any] | None:
        """The next message; requests from the server (configuration...) are answered here."""
        assert self.process.stdout is not None
        while time.monotonic() < deadline:
            message = self._parse()
            if message is not None:
                if "method" in message and "id" in message:
                    self._answer(message)
                    continue
                return message
            ready, _, _ = select.select([self.process.stdout], [], [], 0.2)
            if ready:
                chunk = os.read(self.process.stdout.fileno(), 65536)
                if not chunk:
                    return None  # the server exited
                self.buffer += chunk
        return None

    def _parse(self) -> dict[str, Any] | None:
        head, separator, rest = self.buffer.partition(b"\r\n\r\n")
        if not separator:
            return None
        length = next(
            int(line.split(b":")[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length")
        )
        if len(rest) < length:
            return None
        self.buffer = rest[length:]
        parsed: dict[str, Any] = json.loads(rest[:length])
        return parsed

    def _answer(self, request: dict[str, Any]) -> None:
        result: Any = None
        if request["method"] == "workspace/configuration":
            result = [SETTINGS.get(item.get("section", "")) for item in request["params"]["items"]]
        self._send({"jsonrpc": "2.0", "id": request["id"], "result": result})
