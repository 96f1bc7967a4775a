"""Sphinx configuration for the course site: `bash scripts/site.sh` builds it into course/_build/html.

The source directory is the repository root (so the lessons are read straight from `notebooks/`,
never copied); only the course pages, the instructor notes and the lessons are included.
Notebooks are rendered as committed — without outputs — and never executed here.
Everything the build needs is installed locally: no intersphinx, nothing fetched.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The public repository, read from pyproject's Homepage so that one place names it. Binder links
# (header buttons on every lesson and the syllabus table) are built from it.
_homepage = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"][
    "Homepage"
]
REPOSITORY_URL = _homepage.rstrip("/")
_owner_repo = re.sub(r"^https://github\.com/", "", REPOSITORY_URL)
BINDER_BASE = f"https://mybinder.org/v2/gh/{_owner_repo}/HEAD"
LESSONS = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def binder_url(lesson: str) -> str:
    """The mybinder.org link that opens one lesson in JupyterLab."""
    return f"{BINDER_BASE}?urlpath=lab/tree/notebooks/{lesson}.ipynb"


project = "bittensor_lite — the course"
author = "bittensor_lite developers"
copyright = "bittensor_lite developers, MIT licence"  # noqa: A001 - Sphinx's name

root_doc = "course/index"
include_patterns = ["course/*.md", "course/instructor/*.md", "notebooks/[0-9][0-9]_*.ipynb"]
exclude_patterns = [
    ".*",
    "**/.ipynb_checkpoints",
    "course/_build",
    "course/_root",
    "course/solutions",
    "bittensor_lite",
    "bittensor_lite_demo",
    "bench",
    "binder",
    "build",
    "dist",
    "scripts",
    "tests",
]

extensions = ["myst_nb"]
nb_execution_mode = "off"  # lessons are rendered as committed; CI executes them in tests/
nb_merge_streams = True
myst_enable_extensions = ["amsmath", "colon_fence", "deflist", "dollarmath", "substitution"]
# Lessons write maths as $$…$$ (JupyterLab renders it); the site typesets it with MathJax, which the
# reader's browser loads from its CDN (offline, the LaTeX source shows instead).
myst_heading_anchors = 3
myst_substitutions = {
    "binder_base": BINDER_BASE,
    **{f"binder_{name[:2]}": f"[open in Binder]({binder_url(name)})" for name in LESSONS},
}
suppress_warnings: list[str] = []

html_theme = "sphinx_book_theme"
html_title = "bittensor_lite — the course"
html_extra_path = ["_root"]  # the site's top-level index.html, which forwards to the syllabus
html_show_sourcelink = False  # the download button (.ipynb / .md) stays
html_theme_options = {
    "repository_url": REPOSITORY_URL,
    "repository_branch": "HEAD",
    "path_to_docs": "",
    "use_repository_button": True,
    "launch_buttons": {"binderhub_url": "https://mybinder.org", "notebook_interface": "jupyterlab"},
    "show_toc_level": 2,
}
