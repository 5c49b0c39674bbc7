#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright (c) dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
module: swarm_status
short_description: Read a node's engine and swarm state, and on a manager the swarm's nodes and services
description:
  - Reads, and never changes, what a health report of a swarm needs.
  - On every node (RV(local)) - the engine version, the node's swarm state, node ID, address and swarm ID, whether
    autolock is on, the expiry of the node's swarm certificate, when its raft state was last written (on a manager,
    where a recovery compares the managers by it), and whether its key on disk is encrypted (autolock).
  - On a manager that can reach the swarm's leader (RV(cluster)) - every node with its role, state, availability,
    engine version, manager reachability and whether its certificate comes from the swarm's current CA; every
    service with its desired and running tasks and the errors of its failed tasks.
  - On a manager that has lost the quorum, RV(cluster.error) says why the swarm could not be read.
  - The result holds no join token, unlock key, secret or config data, and no service environment.
  - The P(dockyard.swarm.swarm_health#filter) filter turns the results of every node into a report.
version_added: 0.1.0
author:
  - dockyard.swarm maintainers (@dockyard)
extends_documentation_fragment:
  - dockyard.swarm.docker
  - dockyard.swarm.docker.attributes
  - dockyard.swarm.docker.read_only
options:
  swarm_dir:
    description:
      - The engine's swarm state directory, where the node's certificate and the raft state are.
    type: path
    default: /var/lib/docker/swarm
  cluster:
    description:
      - Read the swarm's nodes and services too when the node is a manager.
    type: bool
    default: true
  tasks:
    description:
      - Read this node's task containers too (RV(local.tasks)), and on a manager which secret and config files the
        running ones lack.
      - An engine stopped between creating a task's container and starting it keeps the container without its
        secret and config references, and the swarm starts that container without them once the engine is back,
        while it reports the task running. This read finds such tasks; a forced update of the service
        (C(docker service update --force)) replaces them.
      - Reading a container's mounts needs root on the node (C(become)).
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Read the state of every node
  dockyard.swarm.swarm_status:
  register: status

- name: Say which nodes are down, from a manager
  ansible.builtin.debug:
    msg: "{{ status.cluster.nodes | selectattr('state', 'equalto', 'down') | map(attribute='hostname') | list }}"
  when: status.cluster.nodes is defined
"""

RETURN = r"""
local:
  description: This node's engine and swarm state.
  returned: always
  type: dict
  contains:
    hostname:
      description: The engine's host name.
      type: str
    engine_version:
      description: The engine version.
      type: str
      sample: 20.10.24+dfsg1
    swarm_state:
      description: V(inactive), V(pending), V(active), V(error) or V(locked).
      type: str
    node_id:
      description: This node's ID in its swarm; empty when in none.
      type: str
    node_addr:
      description: The address this node advertises in its swarm.
      type: str
    control_available:
      description: Whether this node is a manager.
      type: bool
    cluster_id:
      description: The swarm's ID (known on managers).
      type: str
    autolock:
      description: Whether the swarm locks its managers when their engine restarts (known on managers).
      type: bool
    error:
      description: The engine's swarm error, if any.
      type: str
    certificate:
      description: C(path), C(not_after) (UTC, ISO 8601) and C(days_left) of the node's swarm certificate; empty
        when there is none or C(openssl) is not installed.
      type: dict
    raft_last_write:
      description: When the raft state was last written (seconds since the epoch); 0 on a node that has none.
      type: float
    node_key_encrypted:
      description:
        - Whether the node's private key in O(swarm_dir) is encrypted with the swarm's unlock key, as it is on a
          manager while autolock is on. Docker cannot force a new cluster from such state. Read from the key's PEM
          type and headers only; false when there is no key.
      type: bool
    tasks:
      description:
        - With O(tasks=true), this node's containers of tasks that should run (on a manager, those the swarm wants
          running; elsewhere, those created or running), each with C(service), C(task_id), C(container_id),
          C(state) (the container's) and C(missing).
        - C(missing) lists the paths of the secret and config files that the task's spec wants and the running
          container does not have mounted; it is null where that cannot be read (a node that is not a manager, a
          container that does not run, no access to its mount table).
        - Empty without O(tasks=true) or outside a swarm.
      type: list
      elements: dict
      sample:
        - service: app_web
          task_id: ev78ym7mciarc5mw4tclpqo0y
          container_id: 56959462a8cfef32e65afb8acd0b15bead85284c938751d4fecb4509d3217d86
          state: running
          missing: [/run/secrets/token, /etc/motd]
cluster:
  description: The swarm seen from this manager; empty on a node that is not a manager or when O(cluster=false).
  returned: always
  type: dict
  contains:
    id:
      description: The swarm's ID.
      type: str
    error:
      description: Why the nodes and services could not be read (for example no leader, the quorum is lost).
      type: str
    autolock:
      description: Whether autolock is on.
      type: bool
    ca_force_rotate:
      description: The swarm's CA rotation counter.
      type: int
    ca_fingerprint:
      description: The first 16 hex digits of the SHA-256 of the public key of the swarm's current CA; it changes
        when the CA is rotated.
      type: str
    nodes:
      description: C(id), C(hostname), C(role), C(availability), C(state), C(addr), C(engine_version), C(leader),
        C(reachability), C(manager_addr) and C(certificate_current) of every node.
      type: list
      elements: dict
    services:
      description:
        - C(name), C(mode), C(desired), C(running), C(converged) and C(errors) of every service (jobs left out).
        - For a global service, C(desired) counts the ready, active nodes its placement constraints admit, or the
          tasks the manager has made on the nodes that are up where there are more (or where a constraint cannot
          be judged from the nodes' specs).
      type: list
      elements: dict
"""

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.dockyard.swarm.plugins.module_utils._client import (
    connect, docker_argument_spec, engine_errors)
from ansible_collections.dockyard.swarm.plugins.module_utils._swarm_status import (
    certificate, cluster_view, local_state, local_tasks, node_key_encrypted, raft_last_write, read_tasks)
import os


def main():
    module = AnsibleModule(
        argument_spec=docker_argument_spec(swarm_dir=dict(type='path', default='/var/lib/docker/swarm'),
                                           cluster=dict(type='bool', default=True),
                                           tasks=dict(type='bool', default=False)),
        supports_check_mode=True)
    client = connect(module)
    with engine_errors(module, 'reading the engine information (docker info, docker version)'):
        info = client.info()
        version = client.version()
    local = local_state(info, version)
    swarm_dir = module.params['swarm_dir']
    local['certificate'] = certificate(module, os.path.join(swarm_dir, 'certificates', 'swarm-node.crt'))
    local['raft_last_write'] = raft_last_write(swarm_dir)
    local['node_key_encrypted'] = node_key_encrypted(swarm_dir)
    want_tasks = module.params['tasks'] and local['swarm_state'] == 'active'
    want_cluster = module.params['cluster'] and local['control_available']
    swarm_tasks = None
    if want_tasks and want_cluster:
        # One read of the swarm's tasks serves both the cluster view and this node's tasks.
        swarm_tasks = read_tasks(client)
    local['tasks'] = []
    if want_tasks:
        with engine_errors(module, "reading this node's task containers (docker ps, docker inspect)"):
            local['tasks'] = local_tasks(client, local['control_available'], local['node_id'], swarm_tasks)
    cluster = {}
    if want_cluster:
        cluster = cluster_view(client, info, swarm_tasks)
    module.exit_json(changed=False, local=local, cluster=cluster)


if __name__ == '__main__':
    main()
