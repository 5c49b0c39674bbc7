#!/usr/bin/env bash
# make demo: a local lab swarm running the example stack, reached over SSH like real
# servers. Running it again is quick and changes nothing.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
nodes=${DEMO_NODES:-3}
inventory=.lab/lab/hosts.yml
say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

say "Starting the lab: $nodes node containers with systemd and sshd (scripts/lab.sh up $nodes)"
scripts/lab.sh up "$nodes"

say "Running playbooks/site.yml over SSH as the sudo user 'ops': engine, users, swarm, stack"
ansible-playbook -i "$inventory" -i inventory/lab playbooks/site.yml "$@"

manager=$(awk '/swarm_managers:/{f=1} f&&/ansible_host:/{print $2; exit}' "$inventory")
manager_name=$(scripts/lab.sh status | head -n 1)
say "The swarm (docker node ls on $manager_name)"
docker exec "$manager_name" docker node ls
say "The demo stack's services"
docker exec "$manager_name" docker stack services demo

url="http://$manager:8080/"
say "The demo answers at $url"
curl -fsS --max-time 10 --retry 5 --retry-delay 2 --retry-all-errors "$url"
cat <<TXT

Open $url (or port 8080 on any node). The inventory is $inventory; the demo's settings
are in inventory/lab/group_vars/all.yml. Log in to a node: docker exec -it $manager_name bash.
Remove the lab: make demo-down.
TXT
