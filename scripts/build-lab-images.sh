#!/usr/bin/env bash
# Build the images the lab and the Molecule scenarios run on, without any registry:
#   dockyard/node:<suite>   a Debian node that boots systemd and runs sshd
#   dockyard/busybox:latest a tiny image for test services, also kept in .lab/ as a rootfs
#                           tarball (docker import) and an image archive (docker load)
#                           for the lab nodes
# Images that already exist are reused; DOCKYARD_LAB_REBUILD=1 rebuilds them.
#
# Nodes are made with debootstrap from the Debian mirror in this machine's apt sources.
# With DOCKYARD_LAB_FROM_REGISTRY=1 they are built from the public debian:<suite> images
# instead (for machines that reach a registry but have no debootstrap).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
suites=${DOCKYARD_LAB_SUITES:-bullseye bookworm trixie}
work=${DOCKYARD_LAB_WORKDIR:-$here/.lab}
packages=python3,python3-apt,systemd,systemd-sysv,dbus,sudo,openssh-server,iproute2,procps,ca-certificates,gnupg

say() { printf '==> %s\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

have_image() { [ "${DOCKYARD_LAB_REBUILD:-0}" != 1 ] && docker image inspect "$1" >/dev/null 2>&1; }

debian_mirror() {
  # The first Debian mirror named in this machine's apt sources (deb822 or one-line).
  local m
  m=$(grep -hsE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null \
        | awk '{print $2}' | grep -v -- '-security' | head -n 1)
  [ -n "$m" ] || m=$(grep -hsE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
        | awk '{print $2}' | grep -v -- '-security' | head -n 1)
  [ -n "$m" ] || die "no Debian mirror found in /etc/apt/sources.list{,.d}; set DOCKYARD_LAB_MIRROR."
  printf '%s' "$m"
}

# Run inside the new root: boot-time tweaks that make a container a good systemd node.
node_fixups() {
  local root=$1
  # Each node makes its own host keys at first boot, not shared ones from the image.
  rm -f "$root"/etc/ssh/ssh_host_*
  mkdir -p "$root/etc/systemd/system/ssh.service.d"
  printf '[Service]\nExecStartPre=\nExecStartPre=/usr/bin/ssh-keygen -A\nExecStartPre=/usr/sbin/sshd -t\n' \
    >"$root/etc/systemd/system/ssh.service.d/keys.conf"
  # Units that only slow a container's boot, or fail in one.
  for unit in getty.target console-getty.service systemd-firstboot.service \
              systemd-udevd.service systemd-modules-load.service sys-kernel-config.mount \
              apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer fstrim.timer; do
    ln -sf /dev/null "$root/etc/systemd/system/$unit"
  done
  : >"$root/etc/machine-id"
  echo 'node' >"$root/etc/hostname"
  rm -rf "$root"/var/cache/apt/archives/*.deb
}

# Installed once, before the suites build side by side: parallel apt-get runs would
# fight over dpkg's lock.
ensure_debootstrap() {
  command -v debootstrap >/dev/null 2>&1 && return
  [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1 \
    || die "debootstrap is missing: install it (apt-get install debootstrap) or set DOCKYARD_LAB_FROM_REGISTRY=1."
  say "Installing debootstrap."
  apt-get install -y -qq debootstrap >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null && apt-get install -y -qq debootstrap >/dev/null; } \
    || die "could not install debootstrap with apt-get."
}

unmount_under() {
  local dir=$1
  findmnt -rn -o TARGET | { grep -F "$dir/" || true; } | sort -r | xargs -r -n 1 umount -l
}

build_node_debootstrap() {
  local suite=$1 tag=$2 mirror root
  mirror=${DOCKYARD_LAB_MIRROR:-$(debian_mirror)}
  root="$work/rootfs-$suite"
  unmount_under "$root"
  rm -rf "$root"; mkdir -p "$root"
  say "[$suite] debootstrap from $mirror (about a minute)."
  debootstrap --variant=minbase --include="$packages" "$suite" "$root" "$mirror" \
    >"$work/debootstrap-$suite.log" 2>&1 \
    || { tail -n 20 "$work/debootstrap-$suite.log" >&2; die "[$suite] debootstrap failed (log: $work/debootstrap-$suite.log)."; }
  # debootstrap can leave the target's /proc mounted; the image must not carry it.
  unmount_under "$root"
  node_fixups "$root"
  tar -C "$root" --one-file-system -c . | docker import \
      --change 'ENV container=docker' \
      --change 'CMD ["/lib/systemd/systemd"]' - "$tag" >/dev/null
  rm -rf "$root"
  say "[$suite] built $tag."
}

build_node_registry() {
  local suite=$1 tag=$2
  say "[$suite] building $tag from the public debian:$suite image."
  docker build -q -t "$tag" - >/dev/null <<DOCKERFILE
FROM debian:$suite
ENV container=docker DEBIAN_FRONTEND=noninteractive
RUN apt-get update && apt-get install -y --no-install-recommends $(tr , ' ' <<<"$packages") \
 && rm -rf /var/lib/apt/lists/* /etc/ssh/ssh_host_* \
 && mkdir -p /etc/systemd/system/ssh.service.d \
 && printf '[Service]\nExecStartPre=\nExecStartPre=/usr/bin/ssh-keygen -A\nExecStartPre=/usr/sbin/sshd -t\n' > /etc/systemd/system/ssh.service.d/keys.conf \
 && for u in getty.target console-getty.service systemd-firstboot.service systemd-udevd.service systemd-modules-load.service apt-daily.timer apt-daily-upgrade.timer; do ln -sf /dev/null /etc/systemd/system/\$u; done
STOPSIGNAL SIGRTMIN+3
CMD ["/lib/systemd/systemd"]
DOCKERFILE
}

build_busybox() {
  local tag=dockyard/busybox:latest tarball="$work/busybox-rootfs.tar" archive="$work/busybox-image.tar"
  if have_image "$tag" && [ -s "$tarball" ] && [ -s "$archive" ]; then say "Reusing $tag."; return; fi
  say "Building $tag from Debian's busybox-static."
  local dir="$work/busybox" deb
  rm -rf "$dir"; mkdir -p "$dir/pkg" "$dir/root/bin" "$dir/root/tmp" "$dir/root/www"
  (cd "$dir/pkg" && apt-get download busybox-static >/dev/null 2>&1) \
    || die "could not download busybox-static with apt-get (run 'apt-get update' first?)."
  deb=$(ls "$dir"/pkg/busybox-static_*.deb)
  dpkg-deb -x "$deb" "$dir/pkg/x"
  cp "$dir/pkg/x/bin/busybox" "$dir/root/bin/busybox"
  for applet in sh httpd sleep wget cat echo ls nc hostname ip ping; do
    ln -sf busybox "$dir/root/bin/$applet"
  done
  chmod 1777 "$dir/root/tmp"
  tar -C "$dir/root" -cf "$tarball" .
  docker import --change 'CMD ["/bin/sh"]' "$tarball" "$tag" >/dev/null
  docker save -o "$archive" "$tag"
  rm -rf "$dir"
  say "Built $tag (rootfs tarball: $tarball, image archive: $archive)."
}

mkdir -p "$work"
docker info >/dev/null 2>&1 || die "no Docker engine answers: run scripts/ensure-engine.sh first."

pids=()
if [ "${DOCKYARD_LAB_FROM_REGISTRY:-0}" != 1 ]; then
  for suite in $suites; do have_image "dockyard/node:$suite" || { ensure_debootstrap; break; }; done
fi
for suite in $suites; do
  tag="dockyard/node:$suite"
  if have_image "$tag"; then say "[$suite] reusing $tag."; continue; fi
  if [ "${DOCKYARD_LAB_FROM_REGISTRY:-0}" = 1 ]; then
    build_node_registry "$suite" "$tag" & pids+=($!)
  else
    build_node_debootstrap "$suite" "$tag" & pids+=($!)
  fi
done
build_busybox
rc=0
for pid in "${pids[@]}"; do wait "$pid" || rc=1; done
[ "$rc" -eq 0 ] || die "some node images failed to build (see above)."
say "Lab images ready: $(docker images --format '{{.Repository}}:{{.Tag}}' 'dockyard/*' | sort | tr '\n' ' ')"
