"""The dev server under stress: concurrent requests during rebuilds, hostile paths, a storm of saves.

Loopback only, with bounded loops: 200 requests, 100 saves.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from generator.serve.run import Reload, SiteServer
from tests.test_serve import POST, POST_URL, fetch, make_server, post_text, save, site, wait_for

__all__ = ["make_server", "site"]  # fixtures used below


def test_200_concurrent_requests_during_rebuilds_get_whole_pages(site: Path,
                                                                   make_server: Callable[..., SiteServer]) -> None:
    server = make_server(site)

    def edit() -> None:
        for number in range(10):
            save(site / POST, post_text(f"version {number}"))
            time.sleep(0.05)

    def request(number: int) -> tuple[int, str]:
        status, _, body = fetch(server, POST_URL if number % 2 else "/about/")
        return status, body

    with ThreadPoolExecutor(max_workers=9) as pool:
        editing = pool.submit(edit)
        answers = list(pool.map(request, range(200)))
        editing.result()
    assert len(answers) == 200
    for status, body in answers:
        assert status == 200
        assert body.rstrip().endswith("</html>"), "a half-written page was served"
        assert "version" in body or "about me" in body
    assert wait_for(lambda: "version 9" in fetch(server, POST_URL)[2])


def test_traversal_in_every_encoding_is_refused(site: Path, make_server: Callable[..., SiteServer]) -> None:
    server = make_server(site)
    secret = site.parent / "secret.txt"
    secret.write_text("do not serve me")
    for path in ["/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/..%2fsecret.txt",
                 "/.%2e/secret.txt", "/%252e%252e/secret.txt", "/%c0%ae%c0%ae/secret.txt", "/..%5csecret.txt",
                 "/..\\secret.txt", "//../secret.txt", "/about/../../secret.txt", "/%2e%2e%2f%2e%2e%2fsecret.txt"]:
        status, _, body = fetch(server, path)
        assert status in (400, 403, 404), path
        assert "do not serve me" not in body, path


def test_a_storm_of_saves_gives_few_rebuilds_and_the_last_text(site: Path,
                                                               make_server: Callable[..., SiteServer]) -> None:
    reloads: list[Reload] = []
    server = make_server(site, on_reload=reloads.append)
    started = time.monotonic()
    for number in range(100):
        save(site / POST, post_text(f"storm {number}"))
        time.sleep(0.008)
    assert time.monotonic() - started < 3
    assert wait_for(lambda: "storm 99" in fetch(server, POST_URL)[2], timeout=20)
    assert server.wait_idle()
    assert 1 <= len(reloads) <= 10, len(reloads)
    assert reloads[-1].ok
