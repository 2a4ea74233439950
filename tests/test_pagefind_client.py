"""The Pagefind service client, with a stand-in process: a service stopped mid-request is reported once."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from generator.search.pagefind import PagefindError, PagefindService


def test_a_request_to_a_stopped_service_raises_once_and_prints_nothing(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    stand_in = tmp_path / "pagefind"
    stand_in.write_text("#!/bin/sh\nexec sleep 30\n")
    stand_in.chmod(0o755)
    failures: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda hook: failures.append(hook.exc_value))
    with PagefindService(stand_in) as service:
        service.kill()
        assert service._process.stdin is not None
        service._process.stdin.close()  # as serve's cancelling of a stale index leaves it
        with pytest.raises(PagefindError):
            service.requests([{"type": "NewIndex"}] * 50)
    assert failures == []  # the writer thread saw the closed pipe and said nothing
