#!/usr/bin/env bash
# The reference run of make bench: the end state of playbooks/site.yml with inventory/lab
# (the engine and the Docker SDK for Python, ops in the docker group, the demo image, a
# swarm of one manager and N-1 workers, the overlay network, the secret, the bind volume
# on every node and the demo stack running on every node), reached with plain commands
# over SSH as the same sudo user, the nodes in parallel wherever the steps allow. It
# checks nothing first and keeps nothing afterwards: it is what a careful shell script
# does on fresh nodes, the fixed cost that the playbook's time is measured against.
#
#   DOCKYARD_LAB_NAME=<lab> bench/reference.sh     (after scripts/lab.sh up N)
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
lab=${DOCKYARD_LAB_NAME:-lab}
network="dockyard-$lab"
key="$here/.lab/$lab/id_ed25519"
archive="$here/.lab/busybox-image.tar"
timeout=${BENCH_REFERENCE_TIMEOUT:-300}

mapfile -t names < <(docker ps --filter "label=dockyard.lab=$lab" --format '{{.Names}}' | sort -V)
[ "${#names[@]}" -ge 1 ] || { echo "ERROR: lab '$lab' has no nodes: run scripts/lab.sh up first." >&2; exit 1; }
addr() { docker inspect -f "{{(index .NetworkSettings.Networks \"$network\").IPAddress}}" "$1"; }
manager=$(addr "${names[0]}")
workers=()
for name in "${names[@]:1}"; do workers+=("$(addr "$name")"); done
everyone=("$manager" "${workers[@]}")

ssh_opts=(-i "$key" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR
          -o ControlMaster=auto -o "ControlPath=/tmp/dockyard-ref-%C" -o ControlPersist=120s)
# on <address> <script>: run the script as root on the node (stdin goes to it).
on() { ssh "${ssh_opts[@]}" "ops@$1" sudo sh -euc "$(printf '%q' "$2")"; }
# each <function> <address>...: the function for each node at once; fails if one fails.
each() {
  local function=$1 pids=() pid rc=0
  shift
  for host in "$@"; do "$function" "$host" & pids+=($!); done
  for pid in "${pids[@]}"; do wait "$pid" || rc=1; done
  return "$rc"
}

# Engine, SDK, group, directory and image.
node_setup() {
  on "$1" '
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends docker.io python3-docker >/dev/null
    usermod -aG docker ops
    install -d -m 0755 /srv/demo/www
  '
  on "$1" 'docker load -q >/dev/null' <"$archive"
}
join_worker() { on "$1" "docker swarm join --token $token --advertise-addr $1 $manager:2377 >/dev/null"; }
bind_volume() {
  on "$1" 'docker volume create --driver local --opt type=none --opt o=bind --opt device=/srv/demo/www demo_www >/dev/null'
}

each node_setup "${everyone[@]}"
on "$manager" "docker swarm init --advertise-addr $manager >/dev/null"
token=$(on "$manager" 'docker swarm join-token -q worker')
each join_worker "${workers[@]}"
each bind_volume "${everyone[@]}"

on "$manager" '
docker network create --driver overlay --attachable demo_backend >/dev/null
printf "Hello from a swarm secret" | docker secret create demo_greeting - >/dev/null
install -d -m 0700 /etc/dockyard/stacks
cat >/etc/dockyard/stacks/demo.yml <<"YAML"
version: "3.8"
services:
  web:
    image: dockyard/busybox:latest
    command:
      - sh
      - -c
      - >-
        printf "<h1>dockyard.swarm demo</h1><p>Served by task %s on node %s.</p><p>The secret greeting is mounted (%s bytes).</p>\n"
        "$$(hostname)" "$$NODE" "$$(wc -c < /run/secrets/greeting)" > /www/index.html
        && exec httpd -f -p 8080 -h /www
    environment:
      NODE: "{{.Node.Hostname}}"
    secrets:
      - source: greeting
    volumes: ["www:/www"]
    networks: [backend]
    ports:
      - {target: 8080, published: 8080, protocol: tcp, mode: host}
    deploy:
      mode: global
      endpoint_mode: dnsrr
secrets:
  greeting: {external: true, name: demo_greeting}
volumes:
  www: {external: true, name: demo_www}
networks:
  backend: {external: true, name: demo_backend}
YAML
docker stack deploy --compose-file /etc/dockyard/stacks/demo.yml demo >/dev/null
'

# Until every node runs its task.
want="${#everyone[@]}/${#everyone[@]}"
on "$manager" "
  i=0
  until [ \"\$(docker service ls --filter name=demo_web --format '{{.Replicas}}')\" = '$want' ]; do
    i=\$((i + 1)); [ \$i -le $timeout ] || { echo 'demo_web did not reach $want' >&2; exit 1; }
    sleep 1
  done
"
curl -fsS --max-time 5 "http://$manager:8080/" >/dev/null
