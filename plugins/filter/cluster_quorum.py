# -*- coding: utf-8 -*-
# Copyright: dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Say whether demoting or removing nodes keeps the swarm's managers in quorum, and where to act from."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: cluster_quorum
short_description: Check a demotion or removal against the managers the swarm has now
version_added: 0.1.0
description:
  - Takes the swarm's node list as a manager reports it at this moment, and the node IDs that a change demotes or
    removes. The change keeps a quorum when the managers that stay are at least one and a majority of them is
    reachable. A change that touches no manager always keeps it. Managers are the raft members (nodes with a
    manager status); an entry left with the manager role by a manager join that failed is not one.
  - A change is also refused when fewer managers than O(minimum) would stay (the managers the inventory asks for).
    When a manager that was to join did not (its join failed), the demotions that counted on it wait for a run in
    which it joins, and the swarm keeps the managers it has.
  - Also chooses the inventory host to run the change from (the delegate), a manager that stays, is reachable and
    ready, and is not one of O(avoid) (nodes the same run demotes or removes later). The leader is preferred.
  - Pure logic on the data given. The caller reads the node list (C(community.docker.docker_node_info)) right
    before each change, so that a join that failed, or a manager that went down during the run, is counted.
options:
  _input:
    description: The swarm's nodes as C(docker node inspect) returns them (C(community.docker.docker_node_info)
      without its C(name) option).
    type: list
    elements: dict
    required: true
  change:
    description: IDs of the nodes the change demotes or removes (and of those earlier steps of the same run already
      did, so that check mode, where nothing changed, counts them too).
    type: list
    elements: str
    required: true
  hosts:
    description: Inventory host to node ID, for the hosts a manager-side action may be delegated to. Empty IDs are
      ignored.
    type: dict
    default: {}
  avoid:
    description: IDs of nodes that are not to be the delegate (the run demotes or removes them later).
    type: list
    elements: str
    default: []
  minimum:
    description: Fewest managers that may stay (the number the inventory asks for); V(0) checks the quorum only.
    type: int
    default: 0
  joining:
    description: Managers that joined in this run but are not in the node list (check mode predicts joins without
      making them); counted as reachable managers that stay. When no other manager that stays is among O(hosts),
      the delegate is then any reachable manager, as nothing changes in check mode.
    type: int
    default: 0
"""

EXAMPLES = r"""
- name: Read the managers the swarm has now
  community.docker.docker_node_info:
  register: __live
  delegate_to: manager1

- name: Refuse a demotion that breaks the quorum
  ansible.builtin.fail:
    msg: "{{ __quorum.error }}"
  when: not __quorum.ok
  vars:
    __quorum: "{{ __live.nodes | dockyard.swarm.cluster_quorum([node_id], hosts={'manager1': 'abc', 'manager2': 'def'}) }}"
"""

RETURN = r"""
_value:
  description: The decision.
  type: dict
  contains:
    ok:
      description: Whether the change may go ahead (it keeps a quorum and there is a delegate).
      type: bool
    error:
      description: Why not, naming the managers that would stay and those the change takes away; empty when RV(_value.ok).
      type: str
    managers:
      description: Managers after the change.
      type: int
    reachable:
      description: Reachable managers after the change.
      type: int
    needed:
      description: Reachable managers a quorum of RV(_value.managers) needs.
      type: int
    leaving:
      description: Host names of the managers the change demotes or removes.
      type: list
      elements: str
    leaving_ids:
      description: Node IDs of those managers. Only these need a demotion; Docker refuses to demote an entry that
        is no raft member.
      type: list
      elements: str
    staying:
      description: Host names of the managers that stay, each with its reachability.
      type: list
      elements: str
    delegate:
      description: Inventory host to run the change from; empty when no manager that stays is among O(hosts).
      type: str
"""

from ansible.errors import AnsibleFilterError
from ansible_collections.dockyard.swarm.plugins.plugin_utils._quorum import (
    is_manager, managers_after, node_name, reachable, ready)


def cluster_quorum(nodes, change, hosts=None, avoid=None, minimum=0, joining=0):
    if not isinstance(nodes, (list, tuple)):
        raise AnsibleFilterError('cluster_quorum: expected the list of swarm nodes, got %r' % type(nodes).__name__)
    if isinstance(change, str) or not isinstance(change, (list, tuple)):
        raise AnsibleFilterError('cluster_quorum: change must be a list of node IDs, got %r' % (change,))
    change = set(c for c in change if c)
    avoid = set(a for a in (avoid or []) if a)
    by_node = dict((node_id, host) for host, node_id in sorted((hosts or {}).items()) if node_id)

    managers = [n for n in nodes if is_manager(n)]
    leaving = [n for n in managers if n.get('ID') in change]
    staying = [n for n in managers if n.get('ID') not in change]
    joining = int(joining or 0)
    count = managers_after(nodes, [n.get('ID') for n in leaving], joining)
    after, live, needed = count['managers'], count['reachable'], count['needed']

    candidates = [n for n in staying if reachable(n) and ready(n) and n.get('ID') in by_node and n.get('ID') not in avoid]
    if not candidates and joining:
        # Check mode: the managers predicted to join are not there to act from, and nothing is changed anyway.
        candidates = [n for n in managers if reachable(n) and ready(n) and n.get('ID') in by_node]
    candidates.sort(key=lambda n: not (n.get('ManagerStatus') or {}).get('Leader'))
    delegate = by_node[candidates[0]['ID']] if candidates else ''

    staying_names = ['%s (%s)' % (node_name(n), 'reachable' if reachable(n) else 'unreachable') for n in staying]
    staying_names += ['a manager that joined in this run'] * joining
    leaving_names = [node_name(n) for n in leaving]
    error = ''
    if leaving and (not after or live < needed):
        error = ('Refusing to demote or remove the manager(s) %s: the managers that would stay are %s, %d of them '
                 'reachable, and a quorum of %d needs %d. Bring the unreachable managers back or add managers '
                 'first, then run again.'
                 % (', '.join(leaving_names), ', '.join(staying_names) or 'none', live, after, max(needed, 1)))
    elif leaving and after < int(minimum or 0):
        error = ('Refusing to demote or remove the manager(s) %s: only %d manager(s) would stay (%s), and the '
                 'inventory asks for %d. A manager that was to join in this run is not in the swarm (see its '
                 'failure): the swarm keeps its managers until a run in which it joins.'
                 % (', '.join(leaving_names), after, ', '.join(staying_names) or 'none', int(minimum)))
    elif not delegate:
        error = ('No manager that stays is in this run to act from: the managers that stay are %s, and none of '
                 'them is a reachable, ready manager among the hosts %s. Run with a manager that stays '
                 '(for example without --limit).'
                 % (', '.join(staying_names) or 'none', ', '.join(sorted(hosts or {})) or 'none'))
    return dict(ok=not error, error=error, managers=after, reachable=live, needed=needed,
                leaving=leaving_names, leaving_ids=[n.get('ID') for n in leaving], staying=staying_names,
                delegate=delegate)


class FilterModule(object):
    """Manager quorum of a change, from the live node list."""

    def filters(self):
        return {'cluster_quorum': cluster_quorum}
