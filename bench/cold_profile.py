#!/usr/bin/env python3
"""Where a cold build's CPU time goes, in the build's process and in its workers.

    python bench/cold_profile.py SITE [--runs 3] [--json FILE]

Runs `paperfold build --fresh` on SITE (into a temporary folder, after removing SITE's cache
folder), `--runs` times, each in a fresh process running the checkout in the current folder, and prints the CPU seconds (user + sys) of each stage and of what each stage
is made of, the median of the runs, with the workers' time under the stage that forked them. Nothing of
this is in the shipped code: the functions measured are wrapped from here, before the build, and
the forked workers inherit the wrappers (they write what they measured to a file when done).

A wrapper counts its function's time less that of the wrapped functions it calls (exclusive
time), so the lines of a stage add up to it. Imports are counted where they happen (the import
machinery is wrapped too); beside imports and file writes, the count of modules loaded and of
files written, and the time of each. Pickling between the build's process and the body workers is measured
apart, after the build, on the same jobs and answers: its time is inside "bodies" already.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class _Clock:
    """Exclusive CPU time per (stage, label), for the process it runs in."""

    def __init__(self) -> None:
        self.times: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        self.calls: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))  # file writes: per file
        self.stack: list[list[object]] = []  # [label, start, time of the timed calls inside]
        self.stage = "start-up"

    def wrap(self, function, label, *, stage: bool = False, label_of=None):  # type: ignore[no-untyped-def]
        clock = self

        def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
            name = label_of(*args, **kwargs) if label_of else label
            outer_stage = clock.stage
            if stage:
                clock.stage = name
            entry: list[object] = [name, _cpu(), 0.0]
            clock.stack.append(entry)
            try:
                return function(*args, **kwargs)
            finally:
                clock.stack.pop()
                spent = _cpu() - entry[1]  # type: ignore[operator]
                clock.times[clock.stage][name if not stage else "(its own code)"] += spent - entry[2]  # type: ignore[operator]
                clock.calls[clock.stage][name if not stage else "(its own code)"] += 1
                if clock.stack:
                    clock.stack[-1][2] += spent  # type: ignore[operator]
                clock.stage = outer_stage

        timed.__wrapped__ = function  # type: ignore[attr-defined]
        for attribute in ("__module__", "__qualname__", "__name__", "__doc__"):
            setattr(timed, attribute, getattr(function, attribute, None))
        return timed


CLOCK = _Clock()
WORKER_FILES: Path | None = None
PICKLES: dict[str, list[object]] = {"jobs": [], "answers": []}


def _patch(owner: object, name: str, label: str, **options: object) -> None:
    setattr(owner, name, CLOCK.wrap(getattr(owner, name), label, **options))


def _worker_done(kind: str, started: float) -> None:
    """In a forked worker: what it measured, to a file the build's process reads at the end."""
    assert WORKER_FILES is not None
    times = {stage: dict(labels) for stage, labels in CLOCK.times.items()}
    calls = {stage: dict(labels) for stage, labels in CLOCK.calls.items()}
    data = {"kind": kind, "total": _cpu() - started, "times": times, "calls": calls, "answer_bytes": _ANSWER_BYTES[0]}
    (WORKER_FILES / f"{kind}-{os.getpid()}.json").write_text(json.dumps(data))


_ANSWER_BYTES = [0]


def _instrument() -> None:
    import concurrent.futures.process as pool_process

    import jinja2
    import markdown_it.main

    from generator import pipeline
    from generator.incremental import memo
    from generator.incremental.stages import CachedStages
    from generator.markdown import bodies, render
    from generator.site import output, templates, workers, write

    importer = sys.modules["_frozen_importlib"]
    _patch(importer, "_find_and_load", "imports")
    for name in ("load", "bodies", "site", "papers", "paper_plans", "site_keys", "plan_pages", "outputs",
                 "stylesheets", "templates", "finish"):
        _patch(CachedStages, name, name, stage=True)
    for name in ("render_site_pages", "site_copies", "file_origins", "theme_digest", "shared_context",
                 "build_search_index"):
        _patch(pipeline, name, name, stage=True)
    # A page's stage is the template it renders; its encoding and file write apart.
    pipeline.write_pages = CLOCK.wrap(pipeline.write_pages, "write_pages", stage=True)
    page_label = (lambda environment, plan, shared: "jinja " + plan.template)
    for module in (output, workers):
        module.render_page = CLOCK.wrap(module.render_page, "", label_of=page_label)  # type: ignore[attr-defined]
    _patch(templates._Splices, "_encoded", "page text joined, encoded (UTF-8)")
    _patch(jinja2.Environment, "get_template", "jinja get_template (load, compile, up-to-date check)")
    for module in (write, workers):
        _patch(module, "write_file", "file writes")
    # The body workers: what a body is made of.
    _patch(render, "render_liquid", "Liquid")
    _patch(render, "fast_markup", "Markdown, fast path (markdown-it-pyrs + its scan)")
    _patch(markdown_it.main.MarkdownIt, "render", "Markdown, reference path (markdown-it-py)")
    _patch(render, "render_fence", "outline fences")
    _patch(render, "fence_with_attributes", "code fences (Pygments)")
    _patch(render, "outline_map", "outline map")
    _patch(render, "paper_notes_in_markdown", "paper notes in Markdown")
    _patch(render, "note_keys", "paper note keys")
    _patch(render, "_marked_excerpt", "excerpt")
    _patch(render, "_excerpt", "excerpt")
    _patch(render, "markdown_engine", "markdown-it-py engine made")
    _patch(bodies, "render_body", "render_body, the rest")
    _patch(bodies, "render_job_parts", "answer pickled")

    original_worker = pool_process._process_worker

    def body_worker(*args, **kwargs):  # type: ignore[no-untyped-def]
        CLOCK.times.clear()
        CLOCK.calls.clear()
        CLOCK.stage = "bodies (workers)"
        started = _cpu()
        try:
            return original_worker(*args, **kwargs)
        finally:
            _worker_done("bodies", started)

    pool_process._process_worker = body_worker

    original_parts = bodies.render_job_parts

    def counted_parts(job):  # type: ignore[no-untyped-def]
        answer = original_parts(job)
        _ANSWER_BYTES[0] += len(answer)
        return answer

    counted_parts.__module__, counted_parts.__qualname__ = bodies.__name__, "render_job_parts"
    bodies.render_job_parts = counted_parts

    original_rendered = bodies.rendered_bodies

    def kept_rendered(jobs, *args, **kwargs):  # type: ignore[no-untyped-def]
        PICKLES["jobs"].extend(jobs)
        for body, parts in original_rendered(jobs, *args, **kwargs):
            if parts is not None:
                PICKLES["answers"].append(parts)
            yield body, parts

    bodies.rendered_bodies = memo.rendered_bodies = kept_rendered

    original_share = workers._render_share

    def page_share(staging, plans, queue, environment, shared, parent=None):  # type: ignore[no-untyped-def]
        if parent is None:
            return original_share(staging, plans, queue, environment, shared, parent)
        CLOCK.times.clear()
        CLOCK.calls.clear()
        CLOCK.stack.clear()
        CLOCK.stage = "pages (workers)"
        started = _cpu()
        try:
            return original_share(staging, plans, queue, environment, shared, parent)
        finally:
            _worker_done("pages", started)

    workers._render_share = page_share


def _one_build(site: Path, folder: Path) -> dict[str, object]:
    """In this process: one cold build, measured."""
    global WORKER_FILES
    started = _cpu()
    WORKER_FILES = folder / "workers"
    WORKER_FILES.mkdir()
    before_import = _cpu()
    from generator.cli import main

    imported = _cpu() - before_import
    _instrument()
    CLOCK.times.clear()
    CLOCK.calls.clear()
    CLOCK.stage = "before the stages (config, inputs read)"
    build_started = _cpu()
    status = main(["build", "-s", str(site), "-d", str(folder / "site"), "--fresh"])
    build_cpu = _cpu() - build_started
    parent = {stage: dict(labels) for stage, labels in CLOCK.times.items()}
    calls = {stage: dict(labels) for stage, labels in CLOCK.calls.items()}
    workers = [json.loads(path.read_text()) for path in sorted(WORKER_FILES.iterdir())]
    pickled = _pickling()
    return {"status": status, "interpreter and script": started, "import generator.cli": imported,
            "build, this process": build_cpu, "children": _children_cpu(), "parent": parent, "calls": calls,
            "workers": workers, "pickling": pickled}


def _pickling() -> dict[str, float]:
    """The body jobs and answers pickled and unpickled again, as the pool and the build's process do."""
    jobs, answers = PICKLES["jobs"], PICKLES["answers"]
    began = _cpu()
    sent = [pickle.dumps(job) for job in jobs]
    dumped = _cpu() - began
    began = _cpu()
    for data in sent:
        pickle.loads(data)
    loaded = _cpu() - began
    began = _cpu()
    for data in answers:
        pickle.loads(data)  # type: ignore[arg-type]
    answers_loaded = _cpu() - began
    return {"jobs": len(jobs), "job bytes": sum(map(len, sent)), "jobs pickled (s)": dumped,
            "jobs unpickled (s)": loaded, "answers": len(answers),
            "answer bytes": sum(len(each) for each in answers),  # type: ignore[arg-type]
            "answers unpickled (s)": answers_loaded}


def _merge(runs: list[dict[str, object]]) -> dict[str, dict[str, float]]:
    """Per stage and label: the median CPU time over the runs (a label's best run can be an outlier of a
    loaded machine), workers summed within a run."""
    table: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for run in runs:
        flat: dict[tuple[str, str], float] = defaultdict(float)
        for stage, labels in run["parent"].items():  # type: ignore[attr-defined]
            for label, spent in labels.items():
                flat[(stage, label)] += spent
        for worker in run["workers"]:  # type: ignore[attr-defined]
            for stage, labels in worker["times"].items():
                for label, spent in labels.items():
                    flat[(stage, label)] += spent
            flat[(f"{worker['kind']} (workers)", "worker total")] += worker["total"]
        measured = sum(worker["total"] for worker in run["workers"])  # type: ignore[attr-defined]
        flat[("workers", "fork, start and exit (children's CPU not inside a worker's function)")] += \
            run["children"] - measured  # type: ignore[operator]
        flat[("start-up", "interpreter and this script")] = run["interpreter and script"]  # type: ignore[assignment]
        flat[("start-up", "import generator.cli (and what it imports)")] = run["import generator.cli"]  # type: ignore[assignment]
        for (stage, label), spent in flat.items():
            table[stage][label].append(spent)
    return {stage: {label: statistics.median(values) for label, values in labels.items()} for stage, labels in table.items()}


# Labels whose count of calls the table shows beside their time: a module imported, a file written.
COUNTED = ("imports", "file writes")


def _counts(runs: list[dict[str, object]]) -> dict[str, dict[str, float]]:
    """Per stage and label in COUNTED: the median count of calls over the runs, workers summed within a run."""
    table: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for run in runs:
        flat: dict[tuple[str, str], float] = defaultdict(float)
        for calls in [run.get("calls", {}), *(worker.get("calls", {}) for worker in run["workers"])]:  # type: ignore[attr-defined]
            for stage, labels in calls.items():  # type: ignore[attr-defined]
                for label in COUNTED:
                    flat[(stage, label)] += labels.get(label, 0)
        for (stage, label), count in flat.items():
            table[stage][label].append(count)
    return {stage: {label: statistics.median(counts) for label, counts in labels.items()} for stage, labels in table.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)  # a single measured build, its JSON here
    arguments = parser.parse_args()
    if arguments.one:
        sys.path.insert(0, os.getcwd())
        with tempfile.TemporaryDirectory(prefix="cold-profile-") as folder:
            arguments.one.write_text(json.dumps(_one_build(arguments.site.resolve(), Path(folder))))
        return
    runs = []
    with tempfile.TemporaryDirectory(prefix="cold-profile-runs-") as folder:
        for number in range(arguments.runs):
            # Cold as bench/run's: no cache folder (Jinja's compiled templates are kept there too).
            shutil.rmtree(arguments.site / ".paperfold-cache", ignore_errors=True)
            out = Path(folder) / f"run{number}.json"
            subprocess.run([sys.executable, __file__, str(arguments.site), "--one", str(out)], check=True, cwd=os.getcwd())
            runs.append(json.loads(out.read_text()))
    table, counts = _merge(runs), _counts(runs)
    for stage, labels in sorted(table.items(), key=lambda item: -sum(item[1].values())):
        print(f"{stage}: {sum(v for k, v in labels.items() if k != 'worker total'):.3f}")
        for label, spent in sorted(labels.items(), key=lambda item: -item[1]):
            count = counts.get(stage, {}).get(label)
            each = f" ({count:.0f} calls, {spent / count * 1e6:.0f} us each)" if count else ""
            print(f"    {spent:7.3f}  {label}{each}")
    print("pickling (best of runs, measured apart):")
    for key in runs[0]["pickling"]:  # type: ignore[union-attr]
        print(f"    {min(run['pickling'][key] for run in runs)}  {key}")  # type: ignore[index]
    print("whole (build's process + children): best", min(run["interpreter and script"] + run["import generator.cli"]  # type: ignore[operator]
                                                      + run["build, this process"] + run["children"] for run in runs))
    print("load average:", os.getloadavg())
    if arguments.json:
        arguments.json.write_text(json.dumps({"table": table, "counts": counts, "runs": runs}, indent=1))


if __name__ == "__main__":
    main()
