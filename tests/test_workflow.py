"""The GitHub Pages workflow: GitHub's documented Pages settings, and a build that uses the base path."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"


@pytest.fixture(scope="module")
def workflow() -> dict[Any, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _steps(workflow: dict[Any, Any], job: str) -> list[dict[str, Any]]:
    steps = workflow["jobs"][job]["steps"]
    assert isinstance(steps, list)
    return steps


def test_runs_on_push_to_main_and_by_hand(workflow: dict[Any, Any]) -> None:
    # YAML 1.1 reads the bare key `on` as the boolean True.
    triggers = workflow.get("on", workflow.get(True))
    assert set(triggers) == {"push", "workflow_dispatch"}
    assert triggers["push"] == {"branches": ["main"]}


def test_permissions_and_concurrency_are_githubs_documented_ones(workflow: dict[Any, Any]) -> None:
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_deploy_job_runs_after_build_in_the_github_pages_environment(workflow: dict[Any, Any]) -> None:
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    (step,) = deploy["steps"]
    assert step["uses"] == "actions/deploy-pages@v5" and step["id"] == "deployment"


def test_actions_are_pinned_to_their_current_majors(workflow: dict[Any, Any]) -> None:
    # Majors on Node 24: GitHub removed the Node 20 runtime in September 2026 (actionlint says so).
    used = [step["uses"] for job in workflow["jobs"] for step in _steps(workflow, job) if "uses" in step]
    assert used == ["actions/checkout@v7", "actions/setup-python@v7", "actions/configure-pages@v6",
                    "actions/cache@v6", "actions/upload-pages-artifact@v5", "actions/deploy-pages@v5"]


def test_build_installs_paperfold_and_passes_the_configure_pages_origin_and_base_path(workflow: dict[Any, Any]) -> None:
    steps = _steps(workflow, "build")
    names = [step.get("uses") or step.get("run") for step in steps]
    configure = next(i for i, s in enumerate(steps) if s.get("uses") == "actions/configure-pages@v6")
    assert steps[configure]["id"] == "pages"
    install = next(i for i, s in enumerate(steps) if "pip install ." in s.get("run", ""))
    build = next(i for i, s in enumerate(steps) if s.get("run", "").startswith("paperfold build"))
    upload = next(i for i, s in enumerate(steps) if s.get("uses") == "actions/upload-pages-artifact@v5")
    assert install < build and configure < build < upload, names
    assert steps[build]["run"].strip() == ('paperfold build --url "${{ steps.pages.outputs.origin }}" '
                                           '--baseurl "${{ steps.pages.outputs.base_path }}"')
    assert steps[upload]["with"] == {"path": "_site"}
    setup = next(s for s in steps if s.get("uses") == "actions/setup-python@v7")
    assert str(setup["with"]["python-version"]).startswith("3.")


def test_a_blog_installs_what_its_requirements_file_names(workflow: dict[Any, Any]) -> None:
    install = next(s for s in _steps(workflow, "build") if "pip install" in s.get("run", ""))
    assert "pip install -r .github/paperfold-requirements.txt" in install["run"]
    assert "paperfold --version" in install["run"] and install["id"] == "paperfold"


def test_the_build_cache_is_kept_between_runs_of_the_same_paperfold(workflow: dict[Any, Any]) -> None:
    steps = _steps(workflow, "build")
    cache = next(i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/cache@"))
    build = next(i for i, s in enumerate(steps) if s.get("run", "").startswith("paperfold build"))
    assert cache < build
    settings = steps[cache]["with"]
    # The key that seals the cache's files, outside the checkout, travels with them.
    assert settings["path"].split() == [".paperfold-cache", "~/.cache/paperfold/cache-key"]
    # A new paperfold (its version, or the requirement a blog pins) starts from an empty cache.
    assert settings["restore-keys"].startswith("paperfold-${{ runner.os }}-${{ steps.paperfold.outputs.version }}-")
    assert "hashFiles('.github/paperfold-requirements.txt'" in settings["restore-keys"]
    assert settings["key"] == settings["restore-keys"] + "${{ github.sha }}"


def actionlint(*workflows: Path) -> subprocess.CompletedProcess[str]:
    """actionlint on workflow files (the one installed beside this Python, as the test extra has it)."""
    command = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which("actionlint")
    assert command, "actionlint is missing: pip install -e '.[test]' installs it"
    return subprocess.run([command, "-no-color", *map(str, workflows)], capture_output=True, text=True, check=False)


def test_actionlint_accepts_the_workflow() -> None:
    completed = actionlint(*sorted((REPO / ".github/workflows").glob("*.yml")))
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_actionlint_is_really_checking(tmp_path: Path) -> None:
    # An output configure-pages does not have, and an action on the removed Node 20 runtime.
    broken = WORKFLOW.read_text(encoding="utf-8").replace("outputs.origin", "outputs.domain").replace(
        "actions/cache@v6", "actions/cache@v4")
    (tmp_path / "pages.yml").write_text(broken, encoding="utf-8")
    completed = actionlint(tmp_path / "pages.yml")
    assert completed.returncode == 1
    assert '"domain" is not defined' in completed.stdout and "actions/cache@v4" in completed.stdout


def test_the_upload_path_is_where_paperfold_builds_by_default() -> None:
    from generator.config.settings import BuildOptions, load_config

    assert load_config(BuildOptions(source=REPO)).destination == (REPO / "_site").resolve()
