# -*- coding: utf-8 -*-
# Copyright: dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Say what keeps a swarm from being healthy: managers not up, nodes not Ready, services short of replicas."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.dockyard.swarm.plugins.filter.cluster_drain import cluster_drain
from ansible_collections.dockyard.swarm.plugins.filter.swarm_quorum import swarm_quorum

DOCUMENTATION = r"""
name: swarm_upgrade_ready
short_description: Tell what keeps a swarm from taking an engine upgrade
version_added: 0.1.0
description:
  - What C(playbooks/upgrade.yml) checks before it stops a node, from one read on a manager. (C(playbooks/status.yml)
    reports more, from every node, with P(dockyard.swarm.swarm_health#filter).)
  - A swarm is healthy when every manager is up (reachable, or the leader, and Ready), every node is Ready, and
    every replicated service runs all its replicas (tasks whose current and desired states are both C(running)).
options:
  _input:
    description: The swarm's nodes as the Docker API returns them (C(community.docker.docker_swarm_info) with
      C(nodes=true) and C(verbose_output=true)).
    type: list
    elements: dict
    required: true
  services:
    description: The swarm's services, in the same form.
    type: list
    elements: dict
    required: true
  tasks:
    description: The swarm's tasks, in the same form.
    type: list
    elements: dict
    required: true
"""

EXAMPLES = r"""
- name: Refuse to upgrade an unhealthy swarm
  ansible.builtin.assert:
    that: (swarm.nodes | dockyard.swarm.swarm_upgrade_ready(swarm.services, swarm.tasks)).failing == []
"""

RETURN = r"""
_value:
  description: What is not healthy; every list is empty in a healthy swarm.
  type: dict
  contains:
    managers_down:
      description: Managers that are not up, as C(name (status, reachability)).
      type: list
      elements: str
    nodes_down:
      description: Nodes that are not Ready, as C(name (status)).
      type: list
      elements: str
    failing:
      description: Replicated services that do not run all their replicas, as C(name (running of wanted)).
      type: list
      elements: str
"""


def swarm_upgrade_ready(nodes, services, tasks):
    nodes = nodes or []
    managers_down = swarm_quorum(nodes, None)['down']
    nodes_down = sorted('%s (%s)' % ((n.get('Description') or {}).get('Hostname') or n.get('ID'),
                                     (n.get('Status') or {}).get('State') or '?')
                        for n in nodes if (n.get('Status') or {}).get('State') != 'ready')
    # A drain of no node: every replicated service must run all its replicas somewhere.
    failing = cluster_drain(tasks, services, None, [s.get('ID') for s in services or []])['missing']
    return dict(managers_down=managers_down, nodes_down=nodes_down, failing=failing)


class FilterModule(object):
    """Swarm health."""

    def filters(self):
        return {'swarm_upgrade_ready': swarm_upgrade_ready}
