# -*- coding: utf-8 -*-
# Copyright: dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Say whether the managers of a swarm keep a quorum while one node is down."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: swarm_quorum
short_description: Tell whether a swarm keeps its managers' quorum without one node
version_added: 0.1.0
description:
  - Counts the managers of the swarm as its live node list shows them. A manager counts as up when the swarm
    reports it C(reachable) (or it leads) and its node C(ready).
  - Taking the node down is safe when the managers that stay up, without it, still form a quorum (more than half of
    all managers), or when it is a worker, or the only manager (there is no quorum of others to keep; the swarm's
    control plane is away while it restarts).
options:
  _input:
    description: The swarm's nodes as the Docker API returns them (C(community.docker.docker_swarm_info) with
      C(nodes=true) and C(verbose_output=true)).
    type: list
    elements: dict
    required: true
  node_id:
    description: ID of the node to take down.
    type: str
    required: true
"""

EXAMPLES = r"""
- name: Refuse to restart a manager without quorum
  ansible.builtin.assert:
    that: (swarm.nodes | dockyard.swarm.swarm_quorum(node_id)).ok
"""

RETURN = r"""
_value:
  description: The quorum with the node down.
  type: dict
  contains:
    ok:
      description: Whether the node may go down.
      type: bool
    manager:
      description: Whether the node is a manager.
      type: bool
    managers:
      description: How many managers the swarm has.
      type: int
    needed:
      description: How many managers form a quorum.
      type: int
    up:
      description: Host names of the other managers that are up.
      type: list
      elements: str
    down:
      description: Host names of the other managers that are not, as C(name (status, reachability)).
      type: list
      elements: str
"""

from ansible_collections.dockyard.swarm.plugins.plugin_utils._quorum import is_manager, node_name, reachable, ready


def _is_up(node):
    status = node.get('ManagerStatus') or {}
    return bool(status.get('Leader') or reachable(node)) and ready(node)


def swarm_quorum(nodes, node_id):
    nodes = nodes or []
    managers = [n for n in nodes if is_manager(n)]
    target = [n for n in nodes if n.get('ID') == node_id]
    manager = bool(target) and is_manager(target[0])
    others = [n for n in managers if n.get('ID') != node_id]
    up = sorted(node_name(n) for n in others if _is_up(n))
    down = sorted('%s (%s, %s)' % (node_name(n), (n.get('Status') or {}).get('State') or '?',
                                   (n.get('ManagerStatus') or {}).get('Reachability') or '?')
                  for n in others if not _is_up(n))
    needed = len(managers) // 2 + 1
    ok = not manager or len(managers) == 1 or len(up) >= needed
    return dict(ok=ok, manager=manager, managers=len(managers), needed=needed, up=up, down=down)


class FilterModule(object):
    """Manager quorum."""

    def filters(self):
        return {'swarm_quorum': swarm_quorum}
