#!/usr/bin/env bash
# A local lab of swarm nodes: containers that boot systemd and run sshd, reached over
# SSH as a non-root sudo user, the way Ansible reaches real servers.
#
#   scripts/lab.sh up [N]     start N nodes (default 3: 1 manager, N-1 workers), write
#                             the inventory .lab/<lab>/hosts.yml
#   scripts/lab.sh down       remove the lab's containers, their volumes and its network
#   scripts/lab.sh status     list the lab's nodes
#
# DOCKYARD_LAB_NAME (default "lab") names the lab, so several can run side by side;
# DOCKYARD_LAB_SUITE (default bookworm) picks the node image; DOCKYARD_LAB_MANAGERS (1)
# how many of the nodes are managers.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
lab=${DOCKYARD_LAB_NAME:-lab}
suite=${DOCKYARD_LAB_SUITE:-bookworm}
managers=${DOCKYARD_LAB_MANAGERS:-1}
image="${DOCKYARD_NODE_IMAGE:-dockyard/node}:$suite"
network="dockyard-$lab"
state="$here/.lab/$lab"
inventory="$state/hosts.yml"
user=ops

say() { printf '==> %s\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
nodes() { docker ps -a --filter "label=dockyard.lab=$lab" --format '{{.Names}}' | sort -V; }

run_node() {
  local name=$1 caps
  if [ "${DOCKYARD_LAB_PRIVILEGED:-false}" = true ]; then
    caps=(--privileged)
  else
    # Every capability but SYS_RESOURCE, which some hosts cannot grant.
    caps=(--cap-add ALL --cap-drop SYS_RESOURCE)
  fi
  docker run -d --name "$name" --hostname "$name" --label "dockyard.lab=$lab" \
    --network "$network" "${caps[@]}" \
    --security-opt seccomp=unconfined --security-opt apparmor=unconfined \
    --cgroupns host -v /sys/fs/cgroup:/sys/fs/cgroup:rw -v /var/lib/docker \
    --tmpfs /run --tmpfs /run/lock --tmpfs /tmp \
    --stop-signal SIGRTMIN+3 "$image" /lib/systemd/systemd >/dev/null
}

# Make the SSH user on a booted node: sudo without password, our key authorised.
setup_node() {
  local name=$1
  local i
  for i in $(seq 1 60); do
    case $(docker exec "$name" systemctl is-system-running --wait 2>/dev/null) in
      running|degraded) break ;;
    esac
    sleep 1
  done
  docker exec -i "$name" sh -eu -c "
    id $user >/dev/null 2>&1 || useradd --create-home --shell /bin/bash $user
    echo '$user ALL=(ALL) NOPASSWD: ALL' >/etc/sudoers.d/$user && chmod 0440 /etc/sudoers.d/$user
    install -d -m 0700 -o $user -g $user /home/$user/.ssh
    cat >/home/$user/.ssh/authorized_keys
    chown $user:$user /home/$user/.ssh/authorized_keys && chmod 0600 /home/$user/.ssh/authorized_keys
    systemctl enable --now ssh >/dev/null 2>&1
  " <"$state/id_ed25519.pub"
}

write_inventory() {
  local i=0 name ip
  {
    echo "# Written by scripts/lab.sh: the lab's nodes, reached over SSH as '$user'."
    echo "all:"
    echo "  vars:"
    echo "    ansible_user: $user"
    echo "    ansible_ssh_private_key_file: $state/id_ed25519"
    echo "    ansible_ssh_common_args: -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR"
    echo "    # Known, so Ansible does not discover it on every node at every run."
    echo "    ansible_python_interpreter: /usr/bin/python3"
    echo "  children:"
    for group in swarm_managers swarm_workers; do
      echo "    $group:"
      echo "      hosts:"
      i=0
      for name in $(nodes); do
        i=$((i + 1))
        if { [ "$group" = swarm_managers ] && [ "$i" -le "$managers" ]; } \
           || { [ "$group" = swarm_workers ] && [ "$i" -gt "$managers" ]; }; then
          ip=$(docker inspect -f "{{(index .NetworkSettings.Networks \"$network\").IPAddress}}" "$name")
          echo "        $name:"
          echo "          ansible_host: $ip"
        fi
      done
    done
  } >"$inventory"
}

# Facts that ansible.cfg cached for the lab's nodes (files named [<prefix>_]<host>): a new
# node must not inherit them.
forget_facts() { rm -f "$here/.lab/facts/"$1 "$here/.lab/facts/"*_$1; }

up() {
  local count=${1:-3} name pids=()
  [ "$count" -ge 1 ] || die "the lab needs at least one node, not '$count'."
  docker image inspect "$image" >/dev/null 2>&1 \
    || die "no image $image: run 'make images' (or scripts/build-lab-images.sh) first."
  mkdir -p "$state"
  [ -f "$state/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C "dockyard-$lab" -f "$state/id_ed25519"
  docker network inspect "$network" >/dev/null 2>&1 || docker network create "$network" >/dev/null
  for i in $(seq 1 "$count"); do
    name="$lab-node$i"
    if docker inspect "$name" >/dev/null 2>&1; then
      [ "$(docker inspect -f '{{.State.Running}}' "$name")" = true ] || docker start "$name" >/dev/null
    else
      say "Starting $name ($image)."
      forget_facts "$name"
      run_node "$name"
    fi
  done
  for i in $(seq 1 "$count"); do setup_node "$lab-node$i" & pids+=($!); done
  for pid in "${pids[@]}"; do wait "$pid"; done
  write_inventory
  say "Lab '$lab' is up: $(nodes | tr '\n' ' ')(inventory: ${inventory#"$here"/})."
}

down() {
  local names
  names=$(nodes)
  if [ -n "$names" ]; then
    say "Removing the lab's nodes: $(echo "$names" | tr '\n' ' ')"
    # shellcheck disable=SC2086
    docker rm -f -v $names >/dev/null
  fi
  docker network rm "$network" >/dev/null 2>&1 || true
  rm -rf "$state"
  forget_facts "$lab-node[0-9]*"
  say "Lab '$lab' removed."
}

case "${1:-}" in
  up) shift; up "$@" ;;
  down) down ;;
  status) nodes ;;
  *) echo "usage: $0 up [N] | down | status" >&2; exit 2 ;;
esac
