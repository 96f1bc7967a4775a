"""The course site builds from the repository's own files, and nothing on it links nowhere.

`scripts/site.sh` runs Sphinx with warnings as errors; these tests build the site into a
temporary folder (lessons are rendered as committed, never executed), check that every lesson,
instructor note and course page produced a page, and crawl the HTML so that every relative
`href` and `src` resolves to a file — and every `#fragment` to an id on the page it names.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
NOTES = sorted(p.stem for p in (ROOT / "course" / "instructor").glob("[0-9][0-9]_*.md"))
COURSE_PAGES = ["index", "setup", "syllabus", "troubleshooting", "glossary", "solutions", "workshop"]
BUILD_TIMEOUT_S = 300


def build_site(repo: Path, out: Path) -> subprocess.CompletedProcess:
    """Run the project's own build script, with this interpreter (no venv setup)."""
    env = {**os.environ, "SITE_PYTHON": sys.executable}
    return subprocess.run(
        ["bash", str(repo / "scripts" / "site.sh"), str(out)],
        cwd=repo, env=env, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S,
    )


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src"):
                self.links.append(value)
            elif name in ("id", "name"):
                self.ids.add(value)


def _parse(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8", errors="replace"))
    return parser


def broken_links(site: Path) -> list[str]:
    """Every relative href/src in site/**.html that names a missing file or a missing #id."""
    parsed: dict[Path, _Links] = {}

    def links_of(page: Path) -> _Links:
        if page not in parsed:
            parsed[page] = _parse(page)
        return parsed[page]

    problems = []
    for page in sorted(site.rglob("*.html")):
        if "_static" in page.relative_to(site).parts:
            continue  # the theme's Jinja templates, copied verbatim: not pages
        for link in links_of(page).links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                continue  # an external address (Binder, GitHub): not ours to crawl offline
            if parts.path.startswith("/"):
                problems.append(f"{page.relative_to(site)}: absolute path {link!r} breaks off-root")
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                problems.append(f"{page.relative_to(site)}: {link!r} -> missing file")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html" and fragment not in links_of(target).ids:
                problems.append(f"{page.relative_to(site)}: {link!r} -> no id {fragment!r}")
    return problems


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "html"
    res = build_site(ROOT, out)
    assert res.returncode == 0, f"site build failed:\n{res.stdout}\n{res.stderr}"
    return out


@pytest.mark.slow
def test_every_lesson_has_a_page(site):
    assert len(LESSONS) >= 13, LESSONS
    for lesson in LESSONS:
        page = site / "notebooks" / f"{lesson}.html"
        assert page.is_file(), f"no page for lesson {lesson}"
        title = re.match(r"\d\d", lesson).group(0) + " ·"
        html = page.read_text(encoding="utf-8")
        assert title in html, f"{lesson}: its title did not render"
        if "$$" in (ROOT / "notebooks" / f"{lesson}.ipynb").read_text(encoding="utf-8"):
            assert 'class="math' in html, f"{lesson}: its $$ maths was left as raw text"


@pytest.mark.slow
def test_every_instructor_note_and_course_page_is_built(site):
    assert len(NOTES) >= 13, NOTES
    for note in NOTES:
        assert (site / "course" / "instructor" / f"{note}.html").is_file(), note
    for name in COURSE_PAGES:
        assert (site / "course" / f"{name}.html").is_file(), name
    assert "course/index.html" in (site / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_no_broken_links(site):
    problems = broken_links(site)
    assert not problems, "\n".join(problems)


@pytest.mark.slow
def test_lessons_open_in_binder_on_jupyterlab(site):
    for lesson in LESSONS:
        html = (site / "notebooks" / f"{lesson}.html").read_text(encoding="utf-8")
        want = f"?urlpath=lab/tree/notebooks/{lesson}.ipynb"
        assert re.search(r'href="https://mybinder\.org/v2/gh/[^"]+' + re.escape(want), html), lesson


def test_the_crawler_finds_what_is_broken(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text('<h1 id="top">B</h1><a href="../a.html#x">a</a>')
    (tmp_path / "a.html").write_text(
        '<p id="x"></p><a href="sub/b.html#top">ok</a><img src="pic.png">'
        '<a href="sub/b.html#gone">bad id</a><a href="https://example.org/x">ext</a>'
        '<a href="/abs.html">abs</a>'
    )
    problems = broken_links(tmp_path)
    assert len(problems) == 3, problems
    assert any("pic.png" in p for p in problems)
    assert any("'gone'" in p for p in problems)
    assert any("absolute path" in p for p in problems)


@pytest.mark.slow
def test_a_broken_link_fails_the_build(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copytree(ROOT / "course", repo / "course", ignore=shutil.ignore_patterns("_build"))
    shutil.copytree(ROOT / "notebooks", repo / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copytree(ROOT / "scripts", repo / "scripts")
    shutil.copy(ROOT / "pyproject.toml", repo / "pyproject.toml")
    with (repo / "course" / "setup.md").open("a", encoding="utf-8") as f:
        f.write("\nSee [the missing page](no_such_page.md).\n")
    res = build_site(repo, tmp_path / "html")
    assert res.returncode != 0, "a link to a missing page must fail the site build"
    assert "no_such_page" in res.stdout + res.stderr


def test_readme_binder_links_share_one_base_and_reach_every_lesson():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"https://mybinder\.org/v2/gh/([^/\s)]+/[^/\s)]+)/HEAD\?urlpath=lab/tree/"
                       r"notebooks/([^)\s]+)\.ipynb", readme)
    assert links, "README has no Binder links"
    repos = {repo for repo, _ in links}
    homepage = re.search(r'Homepage = "https://github\.com/([^"]+)"',
                         (ROOT / "pyproject.toml").read_text(encoding="utf-8")).group(1)
    assert repos == {homepage.rstrip("/")}, f"Binder links name {repos}, pyproject names {homepage}"
    linked = {lesson for _, lesson in links}
    assert set(LESSONS) <= linked, f"lessons without a Binder link: {set(LESSONS) - linked}"
    assert linked <= set(LESSONS), f"Binder links to missing notebooks: {linked - set(LESSONS)}"
