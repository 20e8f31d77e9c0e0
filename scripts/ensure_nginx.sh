#!/usr/bin/env bash
# Make sure the reverse-proxy test has an nginx binary: the system one when present (on PATH or in
# /usr/sbin, where Debian puts it); else Debian's nginx when we are root with apt. The test runs it as
# the current user on a loopback port with its own prefix, so the system service is never started.
set -euo pipefail
find_nginx() { command -v nginx || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; }; }
is_root() { [ "$(id -u)" = 0 ]; }

if path=$(find_nginx); then
  echo "nginx: using system nginx at $path"
elif is_root && command -v apt-get >/dev/null; then
  echo "nginx: installing Debian's nginx"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
  find_nginx
else
  echo "nginx: not found and not root with apt: install nginx (e.g. sudo apt-get install nginx)" >&2
  exit 1
fi
