"""The GitHub Pages workflow: GitHub's documented Pages settings, and a build that uses the base path."""

from __future__ import annotations

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
    assert step["uses"] == "actions/deploy-pages@v4" and step["id"] == "deployment"


def test_actions_are_pinned_to_their_current_majors(workflow: dict[Any, Any]) -> None:
    used = [step["uses"] for job in workflow["jobs"] for step in _steps(workflow, job) if "uses" in step]
    assert used == ["actions/checkout@v4", "actions/setup-python@v5", "actions/configure-pages@v5",
                    "actions/upload-pages-artifact@v3", "actions/deploy-pages@v4"]


def test_build_installs_paperfold_and_passes_the_configure_pages_base_path(workflow: dict[Any, Any]) -> None:
    steps = _steps(workflow, "build")
    names = [step.get("uses") or step.get("run") for step in steps]
    configure = next(i for i, s in enumerate(steps) if s.get("uses") == "actions/configure-pages@v5")
    assert steps[configure]["id"] == "pages"
    install = next(i for i, s in enumerate(steps) if "pip install ." in s.get("run", ""))
    build = next(i for i, s in enumerate(steps) if s.get("run", "").startswith("paperfold build"))
    upload = next(i for i, s in enumerate(steps) if s.get("uses") == "actions/upload-pages-artifact@v3")
    assert install < build and configure < build < upload, names
    assert steps[build]["run"].strip() == 'paperfold build --baseurl "${{ steps.pages.outputs.base_path }}"'
    assert steps[upload]["with"] == {"path": "_site"}
    setup = next(s for s in steps if s.get("uses") == "actions/setup-python@v5")
    assert str(setup["with"]["python-version"]).startswith("3.")


def test_the_upload_path_is_where_paperfold_builds_by_default() -> None:
    from generator.config import BuildOptions, load_config

    assert load_config(BuildOptions(source=REPO)).destination == (REPO / "_site").resolve()
