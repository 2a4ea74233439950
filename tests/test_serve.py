"""`paperfold serve` against a real server on a free port: pages, live rebuilds, errors, baseurl, safety."""

from __future__ import annotations

import argparse
import asyncio
import http.client
import io
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.build import build
from generator.commands.serve import register
from generator.config.settings import BuildOptions, load_config
from generator.errors import SiteError
from generator.results import SearchResult
from generator.search.index import pagefind_available
from generator.serve import server as serve_server
from generator.serve.http import (
    CLIENT_PATH,
    STATE,
    ServedState,
    asks_for_state,
    inject,
    is_loopback,
    resolve_request,
    state_message,
)
from generator.serve.run import Reload, SiteServer, serve
from generator.serve.search import BackgroundIndexer

from .conftest import NOW, REPO, files_of, write_files

POST = "content/_posts/2024-01-02-a.md"
POST_URL = "/paper%20reading/2024/01/02/a.html"
SITE = {
    "_config.yml": "title: Served\ntimezone: UTC\n",
    POST: "---\ntitle: A\ncategories: [paper reading]\n---\nfirst version\n",
    "content/about.md": "---\ntitle: About\npermalink: /about/\n---\nabout me\n",
}
BROKEN_FRONT_MATTER = "---\ntitle: [unclosed\n---\nbroken version\n"
LIVERELOAD = "http://livereload.com/protocols/official-7"
FAILED = "paperfold: the rebuild failed (1 error); this page is from the last good build."


def post_text(body: str) -> str:
    return f"---\ntitle: A\ncategories: [paper reading]\n---\n{body}\n"


def fetch(server: SiteServer, path: str, method: str = "GET", host: str | None = None) -> tuple[int, dict[str, str], str]:
    """One raw request (the path is sent exactly as given, no client-side normalizing or redirects)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.putrequest(method, path, skip_host=host is not None, skip_accept_encoding=True)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def page_shows(server: SiteServer, path: str, *texts: str) -> Callable[[], bool]:
    return lambda: all(text in fetch(server, path)[2] for text in texts)


def save(path: Path, text: str) -> None:
    """Save the way editors do: write a temporary file beside it, then rename it over the original."""
    temporary = path.with_name(f".{path.name}.tmp{time.monotonic_ns()}")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_files(tmp_path / "site", SITE)


@pytest.fixture
def make_server(tmp_path: Path) -> Iterator[Callable[..., SiteServer]]:
    started: list[SiteServer] = []

    def start(source: Path, **options: object) -> SiteServer:
        quiet = float(options.pop("quiet", 0.1))  # type: ignore[arg-type]
        on_reload = options.pop("on_reload", None)
        options.setdefault("destination", tmp_path / "out")
        build_options = BuildOptions(source=source, **options)  # type: ignore[arg-type]
        server = SiteServer(build_options, "127.0.0.1", 0, out=io.StringIO(), err=io.StringIO(),
                            quiet=quiet, on_reload=on_reload)  # type: ignore[arg-type]
        started.append(server)
        return server.start()

    yield start
    for server in started:
        server.stop()
        with socket.socket() as probe:  # the port is free again (for a server: TIME_WAIT is no obstacle)
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(("127.0.0.1", server.port))
            probe.listen()


def test_serves_pages_with_the_page_client(site: Path, make_server: Callable[..., SiteServer]) -> None:
    server = make_server(site)
    status, headers, body = fetch(server, POST_URL)
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert "first version" in body
    assert f'<script src="{CLIENT_PATH}" data-build="1"></script></body>' in body
    assert fetch(server, "/")[0] == 200
    assert CLIENT_PATH not in fetch(server, "/static/css/site.css")[2]
    status, headers, script = fetch(server, CLIENT_PATH)
    assert status == 200 and headers["Content-Type"] == "application/javascript; charset=utf-8"
    assert "/livereload" in script and STATE in script


def test_github_pages_paths(site: Path, make_server: Callable[..., SiteServer]) -> None:
    server = make_server(site)
    assert fetch(server, "/paper%20reading/2024/01/02/a")[0] == 200  # extensionless permalink
    status, headers, _ = fetch(server, "/about?x=1")
    assert (status, headers["Location"]) == (302, "/about/?x=1")
    assert "about me" in fetch(server, "/about/")[2]
    status, headers, body = fetch(server, "/no/such/page.html")
    assert status == 404 and CLIENT_PATH in body
    assert body.startswith(fetch(server, "/404.html")[2].split(f'<script src="{CLIENT_PATH}')[0][:200])
    status, headers, body = fetch(server, POST_URL, method="HEAD")
    assert status == 200 and body == "" and int(headers["Content-Length"]) > 0


def test_baseurl(site: Path, make_server: Callable[..., SiteServer]) -> None:
    server = make_server(site, baseurl="/blog")
    assert server.url == f"http://127.0.0.1:{server.port}/blog/"
    assert fetch(server, "/")[:2][0] == 302 and fetch(server, "/")[1]["Location"] == "/blog/"
    assert fetch(server, "/blog")[1]["Location"] == "/blog/"
    assert fetch(server, "/blog/")[0] == 200
    status, _, body = fetch(server, "/blog" + POST_URL)
    assert status == 200 and "first version" in body and 'href="/blog/' in body
    assert fetch(server, "/blog/paper%20reading/2024/01/02/a")[0] == 200
    assert fetch(server, "/blog/about")[1]["Location"] == "/blog/about/"
    assert fetch(server, POST_URL)[0] == 404  # outside the baseurl
    assert fetch(server, "/blogx/")[0] == 404


def test_an_edit_is_served_and_signalled_after_the_build(site: Path, make_server: Callable[..., SiteServer]) -> None:
    reloads: list[Reload] = []
    server = make_server(site, on_reload=reloads.append)
    save(site / POST, post_text("second version"))
    assert wait_for(lambda: bool(reloads)), "no reload within 10 s"
    assert "second version" in fetch(server, POST_URL)[2]  # the reload came after every file was written
    assert reloads[0].ok and reloads[0].changed == (str(site / POST),)
    assert 0 < reloads[0].latency_seconds < 10 and server.last_reload == reloads[0]
    assert "rebuilt in" in server.out.getvalue()  # type: ignore[attr-defined]


def test_a_burst_of_saves_is_one_rebuild(site: Path, make_server: Callable[..., SiteServer]) -> None:
    reloads: list[Reload] = []
    server = make_server(site, quiet=0.3, on_reload=reloads.append)
    for number in range(5):
        save(site / POST, post_text(f"save {number}"))
        (site / "content/_posts/.2024-01-02-a.md.swp").write_text("swap")  # ignored editor file
        time.sleep(0.02)
    assert wait_for(lambda: bool(reloads)) and server.wait_idle()
    time.sleep(0.4)
    assert len(reloads) == 1 and "save 4" in fetch(server, POST_URL)[2]


def test_a_jekyll_site_does_not_rebuild_on_its_own_output(tmp_path: Path,
                                                         make_server: Callable[..., SiteServer]) -> None:
    """The site folder is the content root and holds _site/ and .paperfold-cache/: no feedback loop."""
    source = write_files(tmp_path / "jekyll", {"_config.yml": "title: J\n", "_posts/2024-01-02-a.md": post_text("one"),
                                               "about.md": "---\ntitle: About\n---\nabout\n"})
    reloads: list[Reload] = []
    server = make_server(source, destination=None, on_reload=reloads.append)
    assert server.state.root == source / ".paperfold-cache" / "serve"
    save(source / "_posts/2024-01-02-a.md", post_text("two"))
    assert wait_for(lambda: bool(reloads)) and server.wait_idle()
    time.sleep(0.5)
    assert len(reloads) == 1 and reloads[0].changed == (str(source / "_posts/2024-01-02-a.md"),)
    assert "two" in fetch(server, POST_URL)[2]


def test_serve_writes_a_folder_of_its_own_never_the_deploy_output(site: Path,
                                                                 make_server: Callable[..., SiteServer]) -> None:
    """A build for deploying, under its own base URL, while serve runs: an edit leaves it whole."""
    server = make_server(site, destination=None)
    assert build(load_config(BuildOptions(source=site, baseurl="/blog")), now=NOW).ok
    deployed = files_of(site / "_site")
    save(site / POST, post_text("second version"))
    assert wait_for(page_shows(server, POST_URL, "second version"))
    assert server.wait_idle() and files_of(site / "_site") == deployed
    assert 'href="/blog/about/"' in deployed["index.html"].decode()


def test_a_build_into_the_folder_serve_writes_is_refused_while_it_runs(tmp_path: Path, site: Path,
                                                                       make_server: Callable[..., SiteServer]) -> None:
    make_server(site)
    served = files_of(tmp_path / "out")
    with pytest.raises(SiteError) as refused:
        build(load_config(BuildOptions(source=site, destination=tmp_path / "out", baseurl="/blog")), now=NOW)
    assert str(refused.value) == (f"paperfold serve (pid {os.getpid()}) is writing {tmp_path / 'out'}: "
                                  "stop it first, or choose another folder with -d")
    assert files_of(tmp_path / "out") == served


def test_changes_during_a_rebuild_queue_exactly_one_more(site: Path, make_server: Callable[..., SiteServer],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    running, overlapping = [0], [False]
    real_build = serve_server.build

    def slow_build(config, **options):  # type: ignore[no-untyped-def]
        running[0] += 1
        overlapping[0] |= running[0] > 1
        time.sleep(0.6)
        try:
            return real_build(config, **options)
        finally:
            running[0] -= 1

    reloads: list[Reload] = []
    server = make_server(site, on_reload=reloads.append)
    monkeypatch.setattr(serve_server, "build", slow_build)
    save(site / POST, post_text("during one"))
    assert wait_for(lambda: running[0] == 1)
    save(site / POST, post_text("during two"))
    time.sleep(0.2)
    save(site / POST, post_text("during three"))
    assert wait_for(lambda: len(reloads) == 2) and server.wait_idle()
    assert not overlapping[0] and len(reloads) == 2
    assert "during three" in fetch(server, POST_URL)[2]


def errors_shown(server: SiteServer, *texts: str) -> Callable[[], bool]:
    """True once the served state (what a page's client is sent) has errors with all these texts."""
    return lambda: bool(server.state.errors) and all(any(text in e for e in server.state.errors) for text in texts)


def test_a_broken_edit_keeps_the_old_site_with_its_errors_then_recovers(
        site: Path, make_server: Callable[..., SiteServer]) -> None:
    server = make_server(site)
    save(site / POST, BROKEN_FRONT_MATTER)
    assert wait_for(errors_shown(server, f"{POST}:2: ", "not valid YAML")), "no errors within 10 s"
    body = fetch(server, POST_URL)[2]
    assert "first version" in body and "broken version" not in body and 'data-build="1"' in body
    errors = server.err.getvalue()  # type: ignore[attr-defined]
    assert f"{POST}:2: " in errors and "rebuild failed: 1 error; still serving the last good site" in errors

    save(site / POST, post_text("fixed version"))
    assert wait_for(lambda: not server.state.errors)
    assert "fixed version" in fetch(server, POST_URL)[2] and 'data-build="2"' in fetch(server, POST_URL)[2]

    write_files(site, {"templates/post.html": "{% extends 'base.html' %}{% block content %}{% if %}{% endblock %}"})
    assert wait_for(errors_shown(server, "templates/post.html:"))
    (site / "templates/post.html").unlink()
    assert wait_for(lambda: not server.state.errors)


def test_a_bad_config_edit_is_shown_and_survived(site: Path, make_server: Callable[..., SiteServer]) -> None:
    server = make_server(site)
    save(site / "_config.yml", "title: [oops\n")
    assert wait_for(errors_shown(server, "_config.yml:"))
    save(site / "_config.yml", "title: Renamed\n")
    # build() writes the new pages just before the server drops the errors: wait for both
    assert wait_for(lambda: not server.state.errors) and "Renamed" in fetch(server, "/")[2]


def test_a_site_broken_from_the_start_is_served_once_fixed(tmp_path: Path,
                                                         make_server: Callable[..., SiteServer]) -> None:
    source = write_files(tmp_path / "site", {**SITE, POST: BROKEN_FRONT_MATTER})
    server = make_server(source)
    status, _, body = fetch(server, POST_URL)
    assert status == 404 and CLIENT_PATH in body and errors_shown(server, f"{POST}:2: ")()
    save(source / POST, post_text("repaired"))
    assert wait_for(page_shows(server, POST_URL, "repaired")) and not server.state.errors


def test_a_bad_config_at_start_is_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write_files(tmp_path / "site", {**SITE, "_config.yml": "paginate: many\n"})
    assert serve(BuildOptions(source=source), "127.0.0.1", 0, False) == 1
    assert capsys.readouterr().err == "_config.yml: 'paginate' must be a whole number, not 'many'\n"


@pytest.fixture(scope="module")
def guarded_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    """One server for every refusal below, with a secret beside the output and a symlink to it inside."""
    root = tmp_path_factory.mktemp("guarded")
    (root / "secret.txt").write_text("TOP SECRET")
    source = write_files(root / "site", SITE)
    server = SiteServer(BuildOptions(source=source, destination=root / "out"), "127.0.0.1", 0,
                        out=io.StringIO(), err=io.StringIO()).start()
    (root / "out" / "leak.txt").symlink_to(root / "secret.txt")
    yield server
    server.stop()


@pytest.mark.parametrize("path", [
    "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/%2e%2e/secret.txt", "/..%2fsecret.txt", "/%2fetc%2fpasswd",
    "/..\\secret.txt", "/%5c..%5csecret.txt", "/static/../../secret.txt", "//etc/passwd", "/etc/passwd",
    "/leak.txt", "/%00", "/%ff", "http://127.0.0.1/../secret.txt", "secret.txt",
])
def test_requests_outside_the_site_are_refused(path: str, guarded_server: SiteServer) -> None:
    status, _, body = fetch(guarded_server, path)
    assert status in (400, 404) and "TOP SECRET" not in body and "root:" not in body


def test_a_path_no_file_name_can_hold_is_not_found_without_a_traceback(
        guarded_server: SiteServer, caplog: pytest.LogCaptureFixture) -> None:
    """Names over 255 bytes (ENAMETOOLONG) gave a 500 and tornado's traceback in the terminal."""
    long = "a" * 300
    with caplog.at_level(logging.ERROR):
        for path in (f"/{long}", f"/{long}/", f"/x/{long}.html", "/%C3%A9" * 200, "/a" * 3000 + "/"):
            assert fetch(guarded_server, path)[0] == 404, path[:20]
        assert fetch(guarded_server, POST_URL)[0] == 200
    assert [record.getMessage() for record in caplog.records] == []


def test_other_host_names_are_refused_on_localhost(guarded_server: SiteServer) -> None:
    """A page on evil.example rebinding its name to 127.0.0.1 must not read the site."""
    assert fetch(guarded_server, POST_URL, host=f"evil.example:{guarded_server.port}")[0] == 403
    for name in ("localhost", "127.0.0.1", "[::1]", "blog.localhost"):
        assert fetch(guarded_server, POST_URL, host=f"{name}:{guarded_server.port}")[0] == 200, name
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")


def test_resolve_request_never_leaves_the_root(tmp_path: Path) -> None:
    write_files(tmp_path, {"site/x.html": "x", "site/d/index.html": "d", "site/404.html": "404",
                           "site/café/index.html": "c"})
    state = ServedState(root=tmp_path / "site", baseurl="/b")
    assert resolve_request("/b/x", state).file == tmp_path / "site/x.html"
    assert resolve_request("/b/d", state).location == "/b/d/"
    assert resolve_request("/", state).location == "/b/"
    assert resolve_request("/b/%2e%2e/site/x.html", state).status == 400
    assert resolve_request("/b/nothing", state).file == tmp_path / "site/404.html"
    assert resolve_request("/b/caf%C3%A9/", state).file == tmp_path / "site/café/index.html"
    assert resolve_request("/b/caf\xc3\xa9/", state).file == tmp_path / "site/café/index.html"  # raw UTF-8
    assert resolve_request("/b/caf%C3%A9", state).location == "/b/caf%C3%A9/"


def test_the_client_script_is_placed_before_body_end() -> None:
    page = inject(b"<html><body><p>hi</p></body><p>late</p></BODY></html>", 4)
    assert page == b'<html><body><p>hi</p></body><p>late</p><script src="/_paperfold/live.js" data-build="4"></script></BODY></html>'
    assert inject(b"<p>no body", 1) == b'<p>no body<script src="/_paperfold/live.js" data-build="1"></script>'


def test_the_state_message_names_the_build_and_its_errors(tmp_path: Path) -> None:
    state = ServedState(root=tmp_path, errors=("a.md:3: <b>bad</b>",), build=3)
    assert state_message(state) == {"command": STATE, "build": 3, "errors": ["a.md:3: <b>bad</b>"], "summary": FAILED}
    two = ServedState(root=tmp_path, errors=("a", "b"), build=3)
    assert state_message(two)["summary"] == (
        "paperfold: the rebuild failed (2 errors); this page is from the last good build.")
    assert state_message(ServedState(root=tmp_path, build=3)) == {"command": STATE, "build": 3, "errors": [], "summary": ""}


def test_port_in_use_is_a_message_not_a_traceback(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert serve(BuildOptions(source=site, destination=site.parent / "out"), "127.0.0.1", port, False) == 1
    captured = capsys.readouterr()
    assert captured.err == f"error: port {port} is in use: try --port {port + 1}\n"
    assert not (site.parent / "out").exists()  # refused before building anything


def test_the_serve_command_line() -> None:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    arguments = parser.parse_args(["serve", "--drafts", "--future", "--port", "4001", "--open", "--host", "0.0.0.0",
                                   "-s", "blog", "-d", "out", "--baseurl", "/blog"])
    assert (arguments.port, arguments.host, arguments.open_browser, arguments.drafts, arguments.future) == (
        4001, "0.0.0.0", True, True, True)
    assert (arguments.source, arguments.destination, arguments.baseurl) == (Path("blog"), Path("out"), "/blog")
    defaults = parser.parse_args(["serve"])
    assert (defaults.port, defaults.host, defaults.open_browser, callable(defaults.run)) == (4000, "127.0.0.1", False, True)


def test_reload_message_reaches_a_livereload_client_after_the_files_are_written(
        site: Path, make_server: Callable[..., SiteServer]) -> None:
    from tornado.websocket import websocket_connect

    server = make_server(site)

    async def listen() -> tuple[dict[str, object], str]:
        socket_ = await websocket_connect(f"ws://127.0.0.1:{server.port}/livereload")
        await socket_.write_message(json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
        assert json.loads(await socket_.read_message())["command"] == "hello"  # type: ignore[arg-type]
        await socket_.write_message(json.dumps({"command": "info", "url": "http://test/"}))
        await asyncio.sleep(0.2)
        threading.Thread(target=save, args=(site / POST, post_text("pushed version"))).start()
        message = json.loads(await asyncio.wait_for(socket_.read_message(), 10))  # type: ignore[arg-type]
        page = fetch(server, POST_URL)[2]  # read at once, before anything else can happen
        socket_.close()
        return message, page

    message, page = asyncio.run(listen())
    assert message["command"] == "reload" and "pushed version" in page


async def live_client(server: SiteServer, *protocols: str) -> Any:
    """A LiveReload client that has said hello (naming these protocols) and is registered."""
    from tornado.websocket import websocket_connect

    connection = await websocket_connect(f"ws://127.0.0.1:{server.port}/livereload")
    await connection.write_message(json.dumps({"command": "hello", "protocols": [LIVERELOAD, *protocols]}))
    assert json.loads(await connection.read_message())["command"] == "hello"
    await connection.write_message(json.dumps({"command": "info", "url": "http://test/"}))
    return connection


async def next_message(connection: Any) -> dict[str, Any]:
    return json.loads(await asyncio.wait_for(connection.read_message(), 10))  # type: ignore[no-any-return]


def test_a_failed_rebuild_sends_its_errors_to_the_open_pages_and_a_good_one_reloads_them(
        site: Path, make_server: Callable[..., SiteServer]) -> None:
    server = make_server(site)

    async def session() -> None:
        page = await live_client(server, STATE)
        other = await live_client(server)  # a LiveReload client that knows no STATE: reloads only
        assert await next_message(page) == {"command": STATE, "build": 1, "errors": [], "summary": ""}
        save(site / POST, BROKEN_FRONT_MATTER)
        failed = await next_message(page)
        assert (failed["command"], failed["build"], failed["summary"]) == (STATE, 1, FAILED)
        assert [error.split(": ")[0] for error in failed["errors"]] == [f"{POST}:2"]
        opened_while_broken = await live_client(server, STATE)
        assert await next_message(opened_while_broken) == failed
        save(site / POST, post_text("fixed version"))
        for connection in (page, other, opened_while_broken):
            assert (await next_message(connection))["command"] == "reload"  # the first message `other` gets
            connection.close()
        assert "fixed version" in fetch(server, POST_URL)[2]

    asyncio.run(session())


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text() | st.just(STATE),
                    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner), max_leaves=10)


@given(JSON)
def test_only_a_hello_listing_the_state_protocol_asks_for_it(protocols: object) -> None:
    hello = {"command": "hello", "protocols": protocols}
    assert asks_for_state(hello) == (isinstance(protocols, list) and STATE in protocols)
    assert asks_for_state({"command": "hello", "protocols": [LIVERELOAD, STATE]})
    assert not asks_for_state({"command": "hello", "protocols": STATE})  # a string, not a list of protocols


def test_ctrl_c_exits_cleanly(site: Path) -> None:
    script = ("import argparse, sys; from generator.commands.serve import register; p = argparse.ArgumentParser(); "
              "register(p.add_subparsers()); a = p.parse_args(sys.argv[1:]); sys.exit(a.run(a))")
    process = subprocess.Popen(
        [sys.executable, "-X", "faulthandler", "-c", script, "serve", "-s", str(site), "-d", str(site.parent / "out"),
         "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        assert process.stdout is not None
        line = ""
        deadline = time.monotonic() + 20
        while not line.startswith("serving") and time.monotonic() < deadline:
            line = process.stdout.readline()
        assert line.startswith("serving http://127.0.0.1:"), process.stderr.read() if process.stderr else ""
        port = int(line.split(":")[2].split("/")[0])
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", POST_URL)
        assert connection.getresponse().status == 200
        connection.close()
        process.send_signal(signal.SIGINT)
        try:
            out, err = process.communicate(timeout=30)  # on a loaded 2-core machine the search index may be mid-run
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGABRT)  # faulthandler prints where every thread is
            out, err = process.communicate(timeout=30)
            pytest.fail(f"serve did not stop on Ctrl-C within 30 s; its threads:\n{err}\n{out}")
    finally:
        process.kill() if process.poll() is None else None
    assert process.returncode == 0, err
    assert "Traceback" not in err and out.strip().endswith("stopped")


@pytest.mark.skipif(not pagefind_available(), reason="the Pagefind binary is not installed")
def test_the_search_index_follows_the_served_site(site: Path, make_server: Callable[..., SiteServer],
                                                  tmp_path: Path) -> None:
    server = make_server(site)
    entry = tmp_path / "out" / "pagefind" / "pagefind-entry.json"
    assert server.wait_idle(60) and entry.is_file()  # indexed in the background, not before serving
    first = entry.stat().st_mtime_ns
    said = cast(io.StringIO, server.out).getvalue()
    assert "1 batch indexed, 0 reused" in said and said.rstrip().endswith(": ready"), said  # when search works
    save(site / POST, post_text("second version"))
    assert wait_for(lambda: server.wait_idle(60) and entry.is_file() and entry.stat().st_mtime_ns != first, 60)


@pytest.mark.skipif(not pagefind_available(), reason="the Pagefind binary is not installed")
def test_a_newer_build_stops_the_indexing_of_an_older_one(site: Path, tmp_path: Path) -> None:
    config = load_config(BuildOptions(source=site, destination=tmp_path / "out"))
    result = build(config, index_search=False)
    assert result.site is not None
    reports: list[SearchResult] = []
    indexer = BackgroundIndexer(reports.append)
    indexer.start(result.site, config)
    indexer.cancel()
    assert reports == [] and not (tmp_path / "out" / ".pagefind-staging").exists()
    indexer.start(result.site, config)
    assert indexer.wait(60) and len(reports) == 1 and not reports[0].skipped and reports[0].records >= 0


def test_an_event_is_checked_by_statting_its_own_files(tmp_path: Path) -> None:
    from generator.serve.watch import ChangePoller, Changes, SourceFilter

    content = tmp_path / "content"
    post = content / "_posts" / "2024-01-01-a.md"
    write_files(tmp_path, {"content/_posts/2024-01-01-a.md": "one", "content/about.md": "about", "README.md": "x"})
    reported: list[Changes] = []
    poller = ChangePoller(lambda: (content,), SourceFilter(tmp_path / "_site"), reported.append, events=False)
    poller.prime()
    post.write_text("two, longer")
    assert poller.poll_paths([str(post), str(tmp_path / "README.md"), str(content / ".a.md.swp")])
    assert [changes.paths for changes in reported] == [(str(post),)]  # outside the roots, editor files: not sources
    (content / "new").mkdir()
    assert not poller.poll_paths([str(content / "new")])  # a folder: only a whole scan can tell what it holds
    assert not poller.poll_paths([str(content / "gone")])  # unknown and gone: perhaps a deleted folder


def test_the_reload_socket_opens_only_to_the_servers_own_pages(guarded_server: SiteServer) -> None:
    """A page of another site open in the browser, or one rebinding its name to 127.0.0.1, is refused."""
    from tornado.httpclient import HTTPClientError, HTTPRequest
    from tornado.websocket import websocket_connect

    port = guarded_server.port

    async def status(origin: str, host: str) -> int:
        request = HTTPRequest(f"ws://127.0.0.1:{port}/livereload", headers={"Origin": origin, "Host": host})
        try:
            connection = await websocket_connect(request)
        except HTTPClientError as error:
            return error.code
        connection.close()
        return 101

    for name in ("127.0.0.1", "localhost", "blog.localhost"):
        assert asyncio.run(status(f"http://{name}:{port}", f"{name}:{port}")) == 101, name
    for origin, host in ((f"http://evil.example:{port}", f"evil.example:{port}"), ("http://evil.example", f"127.0.0.1:{port}"),
                         (f"http://192.168.1.5:{port}", f"127.0.0.1:{port}"), ("null", f"127.0.0.1:{port}")):
        assert asyncio.run(status(origin, host)) == 403, origin


def test_the_reload_socket_ignores_what_is_not_livereloads_protocol(
        guarded_server: SiteServer, caplog: pytest.LogCaptureFixture) -> None:
    """A message that is not JSON gave a traceback in the terminal and dropped the browser."""
    from tornado.websocket import websocket_connect

    async def hello_after_junk() -> str:
        connection = await websocket_connect(f"ws://127.0.0.1:{guarded_server.port}/livereload")
        for junk in ("not json", "[1]", "{}", '"hello"', b"\xff\xfe"):
            await connection.write_message(junk, binary=isinstance(junk, bytes))
        await connection.write_message(json.dumps({"command": "hello"}))
        reply = await asyncio.wait_for(connection.read_message(), 10)
        connection.close()
        return json.loads(reply or "{}")["command"]  # type: ignore[no-any-return]

    with caplog.at_level(logging.ERROR):
        assert asyncio.run(hello_after_junk()) == "hello"
    assert [record.getMessage() for record in caplog.records] == []
