"""The progress line of a long build: on a terminal only, after about two seconds, rewritten in place."""

from __future__ import annotations

import io
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.progress import TerminalProgress, no_progress, terminal_progress
from tests.conftest import REPO, write_files


def _read_all(fd: int, wait: float = 0.5) -> bytes:
    data = b""
    while select.select([fd], [], [], wait)[0]:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the other side closed: the pty's end of file
            break
        if not chunk:
            break
        data += chunk
    return data


def test_stages_and_counts_rewrite_one_line_on_a_terminal() -> None:
    leader, follower = pty.openpty()
    with open(follower, "w", encoding="utf-8", closefd=True) as terminal:
        shown = TerminalProgress(terminal, show_after=0.0)
        shown("reading files", 1200)
        shown("rendering bodies", 1000)
        time.sleep(0.3)  # a tick of the thread, which keeps the time going
        shown.close()
        data = _read_all(leader).decode()
    os.close(leader)
    assert "\n" not in data.replace("\r\n", "")  # one line, never a new one
    assert "\r\x1b[Kreading files (1,200)… " in data and "\r\x1b[Krendering bodies (1,000)… " in data
    assert data.endswith("\r\x1b[K")  # left empty for what the build prints next


def test_a_quick_build_shows_nothing_even_on_a_terminal() -> None:
    leader, follower = pty.openpty()
    with open(follower, "w", encoding="utf-8", closefd=True) as terminal:
        shown = TerminalProgress(terminal)
        shown("reading files", 3)
        shown.close()
    assert _read_all(leader, 0.1) == b""
    os.close(leader)


def test_nothing_when_stderr_is_no_terminal_or_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    with terminal_progress(io.StringIO()) as progress:
        assert progress is no_progress
    leader, follower = pty.openpty()
    monkeypatch.setenv("CI", "true")
    with open(follower, "w", encoding="utf-8", closefd=True) as terminal, terminal_progress(terminal) as progress:
        assert progress is no_progress
    os.close(leader)


def test_the_build_command_tells_its_stages_through_a_real_terminal(tmp_path: Path) -> None:
    # However long this machine takes, the report comes after the progress line was cleared, on a
    # line of its own, and any progress shown named a stage.
    write_files(tmp_path, {"_config.yml": "title: T\nurl: https://example.org\n", "_posts/2024-01-01-a.md": "---\ntitle: A\n---\nHi\n"})
    leader, follower = pty.openpty()
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    process = subprocess.Popen([sys.executable, "-m", "generator", "build", "-s", str(tmp_path)], cwd=REPO,
                               stdin=subprocess.DEVNULL, stdout=follower, stderr=follower, env=env)
    os.close(follower)
    output = b""
    while process.poll() is None or select.select([leader], [], [], 0.2)[0]:
        chunk = _read_all(leader, 0.2)
        output += chunk
        if not chunk and process.poll() is not None:
            break
    os.close(leader)
    assert process.wait() == 0, output
    *progress, report = output.decode().split("\r\x1b[K")
    assert "…" not in report and " into " in report
    unknown = [line for line in progress if line and line.split("…")[0].split(" (")[0] not in STAGES]
    assert not unknown, unknown


STAGES = {"starting", "reading files", "rendering bodies", "indexing papers", "writing pages", "indexing search"}
