"""The code passes its linter and type checker and keeps its layers, configured in pyproject.toml."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import grimp

REPO = Path(__file__).resolve().parents[1]


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=REPO, capture_output=True, text=True, check=False)


def test_ruff_finds_nothing() -> None:
    completed = _run("ruff", "check", "--no-cache", "generator", "tests", "bench")
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_mypy_finds_nothing(tmp_path: Path) -> None:
    # A cache of its own: a checkout's .mypy_cache may be from another mypy.
    completed = _run("mypy", "--cache-dir", str(tmp_path / "mypy"))
    assert completed.returncode == 0, completed.stdout + completed.stderr


def _lint_imports(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(Path(sys.executable).with_name("lint-imports")), "--no-cache"], cwd=folder,
                          capture_output=True, text=True, check=False)


def test_import_contracts_are_kept() -> None:
    completed = _lint_imports(REPO)
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_an_import_from_a_lower_layer_up_breaks_the_contracts(tmp_path: Path) -> None:
    shutil.copytree(REPO / "generator", tmp_path / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    with (tmp_path / "generator" / "outline" / "model.py").open("a", encoding="utf-8") as model:
        model.write("import generator.incremental.cache\n")
    completed = _lint_imports(tmp_path)
    assert completed.returncode != 0
    assert "generator.outline is not allowed to import generator.incremental" in completed.stdout
    assert "generator.outline.model -> generator.incremental.cache" in completed.stdout


def test_no_module_imports_itself_through_others() -> None:
    graph = grimp.build_graph("generator")
    cycles = [cycle for cycle in _strongly_connected(graph) if len(cycle) > 1]
    assert cycles == []


def _strongly_connected(graph: grimp.ImportGraph) -> list[list[str]]:
    """Tarjan's components of the import graph, without recursion (the graph is small, but a
    chain of imports is as deep as it likes)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    components: list[list[str]] = []
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        while work:
            module, imported = work[-1]
            child = next(imported, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                elif child in stack:
                    low[module] = min(low[module], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[module])
            if low[module] == index[module]:
                component = []
                while True:
                    member = stack.pop()
                    component.append(member)
                    if member == module:
                        break
                components.append(component)
    return components


def test_a_cycle_of_imports_is_found() -> None:
    graph = grimp.ImportGraph()
    for importer, imported in [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]:
        graph.add_import(importer=importer, imported=imported)
    assert sorted(sorted(cycle) for cycle in _strongly_connected(graph) if len(cycle) > 1) == [["a", "b", "c"]]
