#!/usr/bin/env bash
# What services.sh and app-deps.sh share: running as root (sudo when needed) and installing
# the Debian packages they found missing. Sourced by both.

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# apt_install WHO PACKAGE...: installs the packages, saying so; nothing when there are none.
apt_install() {
  local who=$1
  shift
  [ $# -gt 0 ] || return 0
  echo "$who: installing $*" >&2
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}
