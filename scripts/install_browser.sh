#!/usr/bin/env bash
# Install Debian's headless-capable chromium and a CJK font (so Chinese renders) when missing.
# Idempotent and quiet: does nothing when /usr/bin/chromium and a CJK font are already there.
# Used by .ci/run before pytest, and by the browser tests' helpers (tests/browser.py).
set -euo pipefail

have_font() { fc-list 2>/dev/null | grep -qiE "wqy|noto.*cjk|droid sans fallback"; }

if [ -x /usr/bin/chromium ] && have_font; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install_browser.sh: apt-get not found; install chromium and fonts-wqy-microhei by hand" >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-wqy-microhei fontconfig >/dev/null
