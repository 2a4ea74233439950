"""The outline path's hot modules compiled with mypyc, only when asked: `PAPERFOLD_COMPILE=1 pip install .`

Everything else about the package is in pyproject.toml. Without PAPERFOLD_COMPILE=1 nothing here
changes the install: no build requirement is added and no extension is built. With it, mypy (which
ships mypyc) is fetched for the build and the modules below become C extensions beside their .py
files, producing the same bytes (tests/test_compiled_outline.py). The pure modules stay the
reference: where compiling fails (no C compiler, say) the install goes on with them alone.

An editable install (`pip install -e .`) never compiles, even when asked: its extensions would be
built into the checkout, where Python imports them before the .py files beside them, so an edited
.py would go on running as it was when compiled. A wheel is rebuilt from the sources as a whole.
"""

from __future__ import annotations

import os
import sys

from setuptools import setup
from setuptools.command.build_ext import build_ext

# The outline path: the parser, its ids and its HTML writer, the modules they call per node and the
# paper notes read from every outline, the largest share of the body workers' CPU. The parser,
# ids and writer alone gained too little: their loops spend their time in the other modules' calls
# and objects (bench/README.md, issue 27).
COMPILED = [
    *(
        f"generator/outline/{name}.py"
        for name in ("parser", "anchors", "html", "detect", "links", "model", "sections")
    ),
    "generator/papers/notes.py",
]
# mypyc's shared library, inside the package: found wherever the package is, like the modules.
GROUP = "generator.outline._compiled"
MYPY = "mypy>=2.4,<2.5"


class OptionalBuildExt(build_ext):
    """Builds the compiled modules where it can; the pure ones are used where it cannot."""

    def run(self) -> None:
        if self.editable_mode:
            print("paperfold: editable install, the outline modules stay pure", file=sys.stderr)
            return
        # mypyc's shared library is built first and every module's extension imports it: where it
        # fails, nothing compiled is kept; where a module's own extension fails, that module stays pure.
        try:
            super().run()
        except Exception as error:  # noqa: BLE001 - any failure to compile leaves the pure modules
            print(
                f"paperfold: compiling the outline modules failed, they stay pure ({error})", file=sys.stderr
            )


def compiled_extensions() -> list[object]:
    """The C extensions mypyc makes of COMPILED (it type-checks them first)."""
    from mypyc.build import mypycify

    return list(mypycify(COMPILED, group_name=GROUP))


def _setup() -> None:
    if os.environ.get("PAPERFOLD_COMPILE") != "1":
        setup()
        return
    try:
        extensions = compiled_extensions()
    except ImportError:
        # The first pass of a build (setuptools asking what the build needs) runs without mypy:
        # setup_requires tells it to fetch mypy, and the second pass compiles.
        extensions = []
    except SystemExit:  # mypyc found a type error, and said where
        print("paperfold: mypyc could not compile the outline modules, they stay pure", file=sys.stderr)
        extensions = []
    setup(ext_modules=extensions, setup_requires=[MYPY], cmdclass={"build_ext": OptionalBuildExt})


if __name__ == "__main__":
    _setup()
