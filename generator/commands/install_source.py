"""Where the running paperfold can be installed from again, by a GitHub runner, for `paperfold init`.

pip records how it installed a distribution (PEP 610's direct_url.json): from an index (nothing
recorded), a git URL at a commit, a local folder (editable or not), or an archive. A new blog's
workflow must install this very paperfold; this module turns that record into a pip requirement
the runner can reach, or says why there is none.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

DISTRIBUTION = "paperfold"
# Where a blog keeps a wheel it installs from, when that is the only reachable copy.
WHEEL_FOLDER = ".github/paperfold"
_SCP_LIKE = re.compile(r"^(?:[\w.-]+@)?(?P<host>[\w.-]+):(?P<path>(?!/).+)$")


@dataclass(frozen=True, slots=True)
class InstallSource:
    """A pip requirement for the workflow (None when no reachable source is known), a wheel file to
    ship in the blog when the requirement names one, and what `init` should tell the user."""

    requirement: str | None
    notes: tuple[str, ...] = ()
    wheel: Path | None = None


def install_source() -> InstallSource:
    """The source of the paperfold that is running, as pip recorded its installation."""
    distributions = list(metadata.distributions(name=DISTRIBUTION))
    if not distributions:
        return _unknown("paperfold is not installed as a distribution (run from a checkout without pip)")
    # A checkout also holds an egg-info from an older editable install: the record pip wrote wins.
    recorded = [d for d in distributions if d.read_text("direct_url.json")]
    distribution = (recorded or distributions)[0]
    return source_from_record(distribution.version, distribution.read_text("direct_url.json"))


def source_from_record(version: str, direct_url: str | None) -> InstallSource:
    """The requirement for an installation that pip recorded as `direct_url` (None: from an index)."""
    if not direct_url:
        note = (f"paperfold {version} was installed from a package index: the workflow installs "
                f"{DISTRIBUTION}=={version} from PyPI; if it came from another index, name a source the "
                "runner can reach in .github/paperfold-requirements.txt")
        return InstallSource(f"{DISTRIBUTION}=={version}", (note,))
    record = json.loads(direct_url)
    url = str(record.get("url", ""))
    if "vcs_info" in record:
        vcs = record["vcs_info"]
        if vcs.get("vcs") == "git" and not url.startswith("file:"):
            return InstallSource(f"{DISTRIBUTION} @ git+{public_git_url(url) or url}@{vcs['commit_id']}")
        if url.startswith("file:"):
            return _from_checkout(Path(unquote(urlsplit(url).path)))
        return _unknown(f"paperfold was installed from {vcs.get('vcs')} at {url}")
    if "archive_info" in record:
        return _from_archive(url, record["archive_info"])
    if url.startswith("file:"):
        return _from_checkout(Path(unquote(urlsplit(url).path)))
    return _unknown(f"pip recorded an installation from {url} that paperfold does not know how to repeat")


def _from_archive(url: str, archive: dict[str, object]) -> InstallSource:
    hashes = archive.get("hashes")
    digest = next(iter(hashes.items())) if isinstance(hashes, dict) and hashes else None
    if url.startswith(("https:", "http:")):
        fragment = f"#{digest[0]}={digest[1]}" if digest else ""
        return InstallSource(f"{DISTRIBUTION} @ {url}{fragment}")
    path = Path(unquote(urlsplit(url).path))
    if path.suffix != ".whl" or not path.is_file():
        return _unknown(f"paperfold was installed from {path}, which the runner cannot reach"
                        + ("" if path.is_file() else " and which is no longer there"))
    note = (f"paperfold was installed from the wheel {path}: it is copied into the blog as "
            f"{WHEEL_FOLDER}/{path.name}, and the workflow installs it from there")
    return InstallSource(f"./{WHEEL_FOLDER}/{path.name}", (note,), wheel=path)


def _from_checkout(folder: Path) -> InstallSource:
    """A local folder: reachable only through the git remote it was cloned from, at its commit."""
    commit = _git(folder, "rev-parse", "HEAD")
    if commit is None:
        return _unknown(f"paperfold was installed from the folder {folder}, which is not a git checkout")
    remote = _git(folder, "config", f"branch.{_git(folder, 'rev-parse', '--abbrev-ref', 'HEAD')}.remote") or "origin"
    remote_url = _git(folder, "remote", "get-url", remote)
    public = public_git_url(remote_url) if remote_url else None
    if public is None:
        where = f"its remote {remote} is {remote_url}" if remote_url else "it has no remote"
        return _unknown(f"paperfold was installed from the git checkout {folder}, and {where}, "
                        "which a GitHub runner cannot reach")
    notes = []
    if not _git(folder, "branch", "--remotes", "--contains", commit):
        notes.append(f"commit {commit[:12]} of {folder} is not on {remote} yet: push it before the blog's first run")
    if _git(folder, "status", "--porcelain", "--untracked-files=no"):
        notes.append(f"{folder} has uncommitted changes: the workflow installs commit {commit[:12]} without them")
    return InstallSource(f"{DISTRIBUTION} @ git+{public}@{commit}", tuple(notes))


def public_git_url(url: str) -> str | None:
    """An https URL a runner can clone without keys, for a remote written as https, ssh or scp-like
    (`git@github.com:you/paperfold.git`); None for a local path or a file URL."""
    scp = _SCP_LIKE.match(url)
    if scp and "://" not in url:
        return f"https://{scp['host']}/{scp['path']}"
    parts = urlsplit(url)
    if parts.scheme in ("https", "http", "ssh", "git", "git+ssh", "git+https") and parts.hostname:
        # Credentials in a remote URL must not be written into a blog's repository.
        host = parts.hostname + (f":{parts.port}" if parts.port and parts.scheme in ("https", "http") else "")
        return urlunsplit(("https", host, parts.path, "", ""))
    return None


def _git(folder: Path, *arguments: str) -> str | None:
    try:
        completed = subprocess.run(["git", "-C", str(folder), *arguments], capture_output=True, text=True,
                                   check=False, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return completed.stdout.strip() if completed.returncode == 0 else None


def _unknown(reason: str) -> InstallSource:
    note = (f"{reason}. Write the paperfold to install in .github/paperfold-requirements.txt, e.g. "
            f"'{DISTRIBUTION} @ git+https://github.com/OWNER/paperfold@COMMIT': until then the blog's "
            "workflow stops at its install step")
    return InstallSource(None, (note,))


def requirements_text(source: InstallSource) -> str:
    """The blog's .github/paperfold-requirements.txt: the requirement, or why there is none yet."""
    header = ("# The paperfold this blog's GitHub Pages workflow installs, as `paperfold init` found it.\n"
              "# Any pip requirement line works here, e.g. paperfold @ git+https://github.com/OWNER/paperfold@COMMIT\n")
    if source.requirement is None:
        return header + "".join(f"# {note}\n" for note in source.notes)
    return header + source.requirement + "\n"
