# Sourced by .ci/run: Debian's Chromium for the browser tests (tests/test_web_ui.py drive it through
# Playwright; Playwright's own browser downloads are never used). When it cannot be installed, say so
# and return 0: the browser tests skip.

ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then
    return 0
  fi
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    if ! (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1; then
      echo "Chromium could not be installed; the browser tests will skip" >&2
    fi
  fi
  if [ ! -x /usr/bin/chromium ]; then
    echo "Chromium is not available at /usr/bin/chromium; the browser tests will skip" >&2
  fi
  return 0
}
