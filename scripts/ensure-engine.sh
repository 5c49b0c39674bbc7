#!/usr/bin/env bash
# Make sure a Docker engine answers on this machine, for the lab and the tests.
#
# An engine that already answers is used as it is. Where none does and this is a
# Debian or Ubuntu machine where we are root, the distribution's engine (docker.io)
# is installed and, where no systemd runs, dockerd is started by hand.
set -euo pipefail

say() { printf '==> %s\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

engine_answers() { docker info >/dev/null 2>&1; }

# Every lab node runs systemd, which takes about seven inotify instances; with the kernel's
# default of 128 per user, a node container of the third or fourth lab that runs side by side
# exits at boot ("Container ... is not running").
inotify=$(cat /proc/sys/fs/inotify/max_user_instances 2>/dev/null || echo 0)
if [ "$inotify" -lt 512 ] && [ "$(id -u)" -eq 0 ]; then
  say "Raising fs.inotify.max_user_instances from $inotify to 512: every lab node runs systemd."
  sysctl -qw fs.inotify.max_user_instances=512 || say "Could not raise it; run fewer labs at once."
fi

if engine_answers; then
  say "Docker engine answers ($(docker version --format '{{.Server.Version}}' 2>/dev/null))."
  exit 0
fi

[ "$(id -u)" -eq 0 ] || die "no Docker engine answers and this script is not root.
  Start Docker (e.g. 'sudo systemctl start docker'), make sure your user may use it
  ('docker info' must work), then run this again."
command -v apt-get >/dev/null 2>&1 || die "no Docker engine answers and this is not a
  Debian or Ubuntu machine. Install and start Docker Engine, then run this again."

if ! command -v dockerd >/dev/null 2>&1; then
  say "No Docker engine here: installing the distribution's engine (docker.io) with apt-get."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends docker.io iptables >/dev/null
fi
# Debian's docker.io brings its own client at /usr/bin/docker; a newer client earlier on
# PATH negotiates the API version down, so either works.

if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  say "Starting docker with systemd."
  systemctl start docker
else
  say "No systemd here: starting dockerd by hand (log: /var/log/dockerd.log)."
  rm -f /var/run/docker.pid
  nohup dockerd >/var/log/dockerd.log 2>&1 &
fi

for _ in $(seq 1 60); do
  engine_answers && { say "Docker engine answers ($(docker version --format '{{.Server.Version}}'))."; exit 0; }
  sleep 1
done
tail -n 20 /var/log/dockerd.log 2>/dev/null >&2 || true
die "dockerd did not answer within 60 s; its last log lines are above."
