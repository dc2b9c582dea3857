#!/usr/bin/env bash
# Installs (Debian/Ubuntu) what building and driving the desktop app needs, when missing: Tauri's
# Linux prerequisites (WebKitGTK 4.1 and friends), Xvfb, WebKitWebDriver, ImageMagick (for
# screenshots) and a gnome-keyring for the Secret Service. (tests/e2e/run.sh adds tauri-driver.)
# Source it: `. scripts/app-deps.sh`.
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

app_packages=()
pkg-config --exists webkit2gtk-4.1 2>/dev/null || app_packages+=(libwebkit2gtk-4.1-dev build-essential pkg-config libssl-dev libxdo-dev libayatana-appindicator3-dev librsvg2-dev file)
command -v Xvfb >/dev/null 2>&1 || app_packages+=(xvfb)
command -v WebKitWebDriver >/dev/null 2>&1 || app_packages+=(webkit2gtk-driver)
command -v import >/dev/null 2>&1 || app_packages+=(imagemagick)
command -v gnome-keyring-daemon >/dev/null 2>&1 || app_packages+=(gnome-keyring)
command -v dbus-run-session >/dev/null 2>&1 || app_packages+=(dbus-x11)
command -v secret-tool >/dev/null 2>&1 || app_packages+=(libsecret-tools)
if [ ${#app_packages[@]} -gt 0 ]; then
  echo "app-deps: installing ${app_packages[*]}" >&2
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${app_packages[@]}" >/dev/null
fi
