#!/usr/bin/env bash
# Installs (Debian/Ubuntu) what building and driving the desktop app needs, when missing: Tauri's
# Linux prerequisites (WebKitGTK 4.1 and friends), Xvfb, WebKitWebDriver, ImageMagick (for
# screenshots) and a gnome-keyring for the Secret Service. (tests/e2e/run.sh adds tauri-driver.)
# Source it: `. scripts/app-deps.sh`.
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/apt.sh"

app_packages=()
pkg-config --exists webkit2gtk-4.1 2>/dev/null || app_packages+=(libwebkit2gtk-4.1-dev build-essential pkg-config libssl-dev libxdo-dev libayatana-appindicator3-dev librsvg2-dev file)
command -v Xvfb >/dev/null 2>&1 || app_packages+=(xvfb)
command -v WebKitWebDriver >/dev/null 2>&1 || app_packages+=(webkit2gtk-driver)
command -v import >/dev/null 2>&1 || app_packages+=(imagemagick)
# The app keeps passwords in the OS keyring; the tests use a gnome-keyring in a private D-Bus
# session, and secret-tool to look an entry up from outside.
command -v gnome-keyring-daemon >/dev/null 2>&1 || app_packages+=(gnome-keyring)
command -v dbus-run-session >/dev/null 2>&1 || app_packages+=(dbus-x11)
command -v secret-tool >/dev/null 2>&1 || app_packages+=(libsecret-tools)
apt_install app-deps ${app_packages[@]+"${app_packages[@]}"}
