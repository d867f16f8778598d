#!/usr/bin/env bash
# Prepare a fresh Debian/Ubuntu machine: system packages (when run as root),
# the project's virtualenv and its pinned Python packages.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=.venv

# System packages the project needs:
#   gettext            compile the zh-hans/en message catalogues
#   fonts-noto-cjk     CJK fonts (Song/Hei roles) embedded in the PDFs
#   fonts-arphic-ukai  Kai role of official documents
#   libharfbuzz-subset0  font subsetting; WeasyPrint is 10x slower without it
#   libpango-1.0-0 libpangoft2-1.0-0  text layout for WeasyPrint
#   poppler-utils      pdffonts, used by the tests to check embedded fonts
SYSTEM_PACKAGES=(gettext fonts-noto-cjk fonts-arphic-ukai libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 poppler-utils)

missing=()
for package in "${SYSTEM_PACKAGES[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if ! "$PYTHON" -m venv --help >/dev/null 2>&1 || ! "$PYTHON" -c 'import ensurepip' >/dev/null 2>&1; then
  missing+=(python3-venv)
fi
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "==> installing system packages: ${missing[*]}"
    # Another program (unattended-upgrades, a second terminal) may hold dpkg's lock: wait for it up to 10 minutes
    # instead of failing at once (apt's own lock timeout).
    apt-get -o DPkg::Lock::Timeout=600 update -qq
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends \
      "${missing[@]}" >/dev/null
  else
    echo "==> missing system packages (run as root to install them): ${missing[*]}" >&2
    echo "    sudo apt-get install ${missing[*]}" >&2
  fi
fi

if [ ! -x "$VENV/bin/python" ]; then
  echo "==> creating $VENV"
  "$PYTHON" -m venv "$VENV"
fi
echo "==> installing Python packages (pinned in pyproject.toml)"
"$VENV/bin/python" -m pip install -q --upgrade pip
"$VENV/bin/python" -m pip install -q -e '.[dev]'
