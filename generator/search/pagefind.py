"""A pipelined client for Pagefind's `--service` mode.

The `pagefind` package's own asyncio client reads one response per 100 ms poll, which makes a
few thousand records take minutes; the protocol itself is simple (base64 JSON messages, each
ended by a comma), so this client writes every request at once from one thread and reads the
answers as they come.
"""

from __future__ import annotations

import base64
import io
import json
import os
import subprocess
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from typing_extensions import Self


class PagefindError(RuntimeError):
    """The Pagefind service refused a request or stopped."""


class PagefindService:
    """One `pagefind --service` process; use as a context manager."""

    def __init__(self, executable: Path) -> None:
        self._process = subprocess.Popen(
            [str(executable), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        if hasattr(os, "setpriority"):
            try:  # indexing yields the processor to the rebuild a later save starts
                os.setpriority(os.PRIO_PROCESS, self._process.pid, 10)
            except OSError:
                pass
        self._next_id = 0
        self._buffer = bytearray()

    def kill(self) -> None:
        """Stop the service now; a request waiting on it raises PagefindError."""
        self._process.kill()

    def peak_bytes(self) -> int:
        """The service's peak resident memory so far (Linux; 0 where unknown)."""
        try:
            with open(f"/proc/{self._process.pid}/status", "rb") as status:
                for line in status:
                    if line.startswith(b"VmHWM:"):
                        return int(line.split()[1]) * 1024
        except (OSError, ValueError, IndexError):
            pass
        return 0

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._process.stdin:
            try:
                self._process.stdin.close()
            except OSError:
                pass  # killed (serve stops a stale indexing): nothing left to flush to
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()

    def request(self, payload: dict[str, Any]) -> dict[str, Any]:
        return self.requests([payload])[0]

    def requests(self, payloads: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        """Send every payload, then return the answers in the same order."""
        first = self._next_id + 1
        self._next_id += len(payloads)
        writer = threading.Thread(target=self._write, args=(enumerate(payloads, start=first),), daemon=True)
        writer.start()
        answers: dict[int, dict[str, Any]] = {}
        while len(answers) < len(payloads):
            message = self._read()
            identifier = message.get("message_id")
            payload = message.get("payload") or {}
            if payload.get("type") == "Error":
                raise PagefindError(str(payload.get("message")))
            if isinstance(identifier, int):
                answers[identifier] = payload
        writer.join()
        return [answers[first + offset] for offset in range(len(payloads))]

    def _write(self, numbered: Iterable[tuple[int, dict[str, Any]]]) -> None:
        assert self._process.stdin is not None
        try:
            for identifier, payload in numbered:
                message = json.dumps({"message_id": identifier, "payload": payload}).encode("utf-8")
                self._process.stdin.write(base64.b64encode(message) + b",")
            self._process.stdin.flush()
        except (BrokenPipeError, ValueError):
            pass  # the service ended, or was stopped and its pipe closed: the reader reports it

    def _read(self) -> dict[str, Any]:
        assert self._process.stdout is not None
        scanned = 0  # a GetFiles answer is megabytes long: look for its end in new bytes only
        while (end := self._buffer.find(b",", scanned)) < 0:
            scanned = len(self._buffer)
            # Popen's pipes are buffered readers (bufsize -1), which read1 without blocking for more.
            chunk = cast("io.BufferedReader", self._process.stdout).read1(1 << 16)
            if not chunk:
                raise PagefindError("the Pagefind service stopped unexpectedly")
            self._buffer += chunk
        message = bytes(self._buffer[:end])
        del self._buffer[: end + 1]
        decoded = json.loads(base64.b64decode(message))
        return decoded if isinstance(decoded, dict) else {}
