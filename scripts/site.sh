#!/usr/bin/env bash
# Build the course site: syllabus, every lesson (rendered as committed, never executed), the
# instructor notes, glossary, setup checklist and troubleshooting, into course/_build/html.
#   bash scripts/site.sh            set up ./.venv with the site extra, then build
#   bash scripts/site.sh OUTDIR     build somewhere else
# SITE_PYTHON=/path/to/python skips the setup and builds with that interpreter (the tests do this).
# Any Sphinx warning (a broken link, a page missing from the table of contents) fails the build.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-course/_build/html}"
python="${SITE_PYTHON:-}"
if [ -z "$python" ]; then
  bash scripts/setup.sh site
  python=.venv/bin/python
fi
# -E: read every page afresh, so warnings are never hidden by an incremental build.
"$python" -m sphinx -b html -c course -E -W --keep-going -n -q . "$out"
echo "course site: $out/index.html"
