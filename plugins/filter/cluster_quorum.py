# -*- coding: utf-8 -*-
# Copyright: dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Count a swarm's managers after a change."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: cluster_quorum
short_description: Count a swarm's managers after a change, and say whether a quorum remains
version_added: 0.1.0
description:
  - Takes the swarm's node list as C(docker node inspect) returns it and the node IDs of the managers a change
    would demote or remove, plus how many managers it would add, and counts the managers that remain.
  - The change keeps a quorum when no manager leaves, or when the managers that remain, and are reachable, are more
    than half of them. Meant for a fresh read of the node list right before a demotion or removal.
options:
  _input:
    description: The swarm's nodes (C(community.docker.docker_swarm_info) with C(nodes=true) and C(verbose_output=true)).
    type: list
    elements: dict
    required: true
  leaving:
    description: Node IDs of the managers the change demotes or removes.
    type: list
    elements: str
    default: []
  joining:
    description: How many managers the change adds (joins and promotions).
    type: int
    default: 0
"""

EXAMPLES = r"""
- name: Check the quorum right before a demotion
  ansible.builtin.assert:
    that: (__live.nodes | dockyard.swarm.cluster_quorum(leaving=[node_id])).ok
    fail_msg: Demoting {{ node_id }} would break the managers' quorum.
"""

RETURN = r"""
_value:
  description: The managers after the change.
  type: dict
  contains:
    managers:
      description: How many managers remain.
      type: int
    reachable:
      description: How many of them are reachable (the ones added counted as reachable).
      type: int
    needed:
      description: How many reachable managers a quorum needs.
      type: int
    even:
      description: Whether the number of managers is even.
      type: bool
    ok:
      description: Whether the change keeps a quorum.
      type: bool
"""

from ansible.errors import AnsibleFilterError


def reachable_manager(node):
    return (node.get('ManagerStatus') or {}).get('Reachability') == 'reachable'


def cluster_quorum(nodes, leaving=(), joining=0):
    """The managers after a change: how many, how many reachable, how many a quorum needs, and ok."""
    if not isinstance(nodes, (list, tuple)):
        raise AnsibleFilterError('cluster_quorum: nodes must be the list of swarm nodes, got %s'
                                 % type(nodes).__name__)
    leaving = set(leaving or ())
    staying = [n for n in nodes if n.get('ManagerStatus') and n.get('ID') not in leaving]
    after = len(staying) + int(joining)
    reachable = len([n for n in staying if reachable_manager(n)]) + int(joining)
    needed = after // 2 + 1
    return dict(managers=after, reachable=reachable, needed=needed, even=after > 0 and after % 2 == 0,
                ok=not leaving or (after > 0 and reachable >= needed))


class FilterModule(object):
    """Manager quorum after a change."""

    def filters(self):
        return {'cluster_quorum': cluster_quorum}
