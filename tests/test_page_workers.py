"""A first build's pages rendered by forked workers are the pages a single process renders."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import generator.site.output
import generator.site.workers
from generator.build import build
from generator.config.settings import BuildOptions, load_config
from generator.incremental.cache import BuildCache
from generator.results import BuildResult
from tests.conftest import NOW, REPO, files_of, write_files

TAGS = ["raft", "paxos", "分布式", "GPU", "LSM"]
SLOW_POST = "{% for i in range(1000) %}{% for j in range(1000) %}{% endfor %}{% endfor %}{{ page.document.title }}\n"


def _site(root: Path, extra: dict[str, str] | None = None) -> Path:
    posts = {
        f"_posts/2024-{month:02d}-{day:02d}-post-{month}-{day}.md":
            f"---\ntitle: Post {month}/{day}\ntags: [{TAGS[(month + day) % 5]}, {TAGS[day % 5]}]\n---\n"
            f"Intro {month} {day}.\n\n```\n1. Paper {day}    [2020, OSDI, {day} refs]\n   https://arxiv.org/abs/2001.{day:05d}\n"
            f"    1. note {month}\n```\n"
        for month in range(1, 13) for day in range(1, 6)
    }
    return write_files(root, {"_config.yml": "title: t\npaginate: 3\npaperfold:\n  search: false\n", **posts,
                              **(extra or {})})


def _build(source: Path, out: Path, workers: int, monkeypatch: pytest.MonkeyPatch) -> tuple[BuildResult, list[int]]:
    forks: list[int] = []
    render_into = generator.site.workers.render_into
    monkeypatch.setattr(generator.site.output, "page_workers", lambda plans: workers)
    monkeypatch.setattr(generator.site.output, "render_into",
                        lambda *args: forks.append(args[-1]) or render_into(*args))
    return build(load_config(BuildOptions(source=source, destination=out, fresh=True)), now=NOW), forks



def test_forked_pages_equal_pages_rendered_in_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = _site(tmp_path / "site")
    serial, forks = _build(source, tmp_path / "one", 1, monkeypatch)
    assert serial.ok and forks == []
    forked, forks = _build(source, tmp_path / "three", 3, monkeypatch)
    assert forked.ok and forks == [3]
    assert forked.files == serial.files > 60
    assert files_of(tmp_path / "three") == files_of(tmp_path / "one")
    manifests = [BuildCache(source, enabled=True).manifest(tmp_path / out) for out in ("one", "three")]
    assert manifests[0].reads == manifests[1].reads and manifests[0].keys == manifests[1].keys
    assert any(manifests[0].reads.values())
    # what each page read is recorded alike: the next build of either rewrites nothing
    for out in ("one", "three"):
        again = build(load_config(BuildOptions(source=source, destination=tmp_path / out)), now=NOW)
        assert again.ok and again.files == 0


def test_a_failing_page_is_reported_as_a_single_process_reports_it(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    source = _site(tmp_path / "site", {"templates/tag.html": "{{ page.no_such_field }}\n"})
    serial, _ = _build(source, tmp_path / "one", 1, monkeypatch)
    forked, forks = _build(source, tmp_path / "two", 2, monkeypatch)
    assert forks == [2] and not serial.ok and not forked.ok
    assert forked.errors == serial.errors and str(forked.errors[0]).startswith("templates/tag.html:1: ")
    assert not (tmp_path / "two").exists()  # nothing half-written


def test_the_templates_are_compiled_once_before_the_workers_fork(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import jinja2

    compiled_by = tmp_path / "compiled-by"  # a file, as the forked workers' memory is their own
    compile_template = jinja2.Environment.compile

    def noted(self: jinja2.Environment, *args: object, **kwargs: object) -> object:
        with compiled_by.open("a") as note:
            note.write(f"{os.getpid()}\n")
        return compile_template(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Environment, "compile", noted)
    source = _site(tmp_path / "site", {
        "templates/unused.html": "{% if %}\n",  # compiled to no avail, no error
        # a site's own post template, naming templates in the other ways Jinja's tags allow
        "templates/post.html": "{%- extends 'base.html' -%}{% block main %}{% from \"own.html\" import own %}"
                               "{{ own() }}{% with post = page %}{%+ include ['_post_meta.html'] %}{% endwith %}{% endblock %}",
        "templates/own.html": "{% macro own() %}{% import 'deep.html' as deep %}{{ deep.x }}{% endmacro %}",
        "templates/deep.html": "{% set x = 'deep' %}",
    })
    forked, forks = _build(source, tmp_path / "out", 3, monkeypatch)
    assert forked.ok and forks == [3]
    assert set(compiled_by.read_text().split()) == {str(os.getpid())}


def test_no_fork_with_other_threads_running_or_few_pages() -> None:
    import threading

    plans = [object()] * generator.site.workers.MINIMUM_PAGES
    assert generator.site.workers.page_workers(plans[:-1]) == 1  # type: ignore[arg-type]
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert generator.site.workers.page_workers(plans) == 1  # type: ignore[arg-type]
    finally:
        stop.set()
        thread.join()


def _processes_forked_by(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # not a process, or one that has just ended
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def _running(pid: int) -> bool:
    try:
        return (Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]) != "Z"
    except OSError:
        return False


def test_the_slow_post_template_renders(tmp_path: Path) -> None:
    # The kill test below needs a build still rendering when it stops it, not one that already failed:
    # the sandbox refuses a range over 100,000, so the slowness comes from two nested loops.
    source = _site(tmp_path / "site", {"templates/post.html": SLOW_POST})
    result = build(load_config(BuildOptions(source=source, destination=tmp_path / "out")), now=NOW)
    assert result.ok, [str(error) for error in result.errors]


@pytest.mark.skipif(not sys.platform.startswith("linux") or generator.site.workers.usable_cores() < 2,
                    reason="finds the workers in /proc; forks none on one core")
@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_the_workers_of_a_killed_build_stop_with_it_and_leave_no_staging_folder(tmp_path: Path,
                                                                                stop: signal.Signals) -> None:
    # A slow post template: the workers are still rendering when the build is killed.
    source = _site(tmp_path / "site", {f"_posts/2023-{n // 28 + 1:02d}-{n % 28 + 1:02d}-more.md": f"---\ntitle: M{n}\n---\nm\n"
                                       for n in range(200)} | {"templates/post.html": SLOW_POST})
    out = tmp_path / "out"
    environment = {**os.environ, "PYTHONPATH": str(REPO), "TZ": "UTC"}
    building = subprocess.Popen([sys.executable, "-m", "generator", "build", "-s", str(source), "-d", str(out)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 120
        while not (workers and len(list(tmp_path.glob(".out.paperfold-*/**/*.html"))) > 5):
            assert building.poll() is None and time.monotonic() < deadline, "the build ended before it rendered"
            workers = workers or _processes_forked_by(building.pid)
            time.sleep(0.01)
        building.send_signal(stop)
        building.wait(timeout=30)
        time.sleep(0.5)
        assert [pid for pid in workers if _running(pid)] == []
    finally:
        for pid in workers:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        building.kill()
        building.wait()
    assert not out.exists()
    staging = [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.paperfold-") and p.is_dir()]
    assert len(staging) == (0 if stop == signal.SIGTERM else 1)  # on SIGTERM, the build removed its own
    write_files(source, {"templates/post.html": "{{ page.document.title }}\n"})
    assert build(load_config(BuildOptions(source=source, destination=out)), now=NOW).ok
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "site"]
