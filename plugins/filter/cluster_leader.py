# -*- coding: utf-8 -*-
# Copyright: dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pick the manager that speaks for the swarm, or the one that starts it."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: cluster_leader
short_description: Choose the manager that speaks for the swarm, or the host that initialises it
version_added: 0.1.0
description:
  - Reads the swarm state every host reported (the C(_cluster_self) fact the C(dockyard.swarm.cluster) role sets)
    and decides which host the manager-side actions are delegated to.
  - If any host is already an active manager, its swarm is the cluster and no new swarm is created.
    Hosts of the managers group that stay managers are preferred.
  - Only when no host manages a swarm, the first host of the managers group that is present and was reached
    initialises one.
  - Managers of two different swarms among the hosts are reported as an error, never merged.
options:
  _input:
    description: The C(hostvars) mapping.
    type: dict
    required: true
  managers:
    description: Inventory hosts of the managers group, in inventory order.
    type: list
    elements: str
    required: true
  workers:
    description: Inventory hosts of the workers group, in inventory order.
    type: list
    elements: str
    required: true
  fact:
    description: Name of the per-host fact that describes the host.
    type: str
    default: _cluster_self
"""

EXAMPLES = r"""
- name: Choose the leader
  ansible.builtin.set_fact:
    _cluster_leader: "{{ hostvars | dockyard.swarm.cluster_leader(groups['swarm_managers'], groups['swarm_workers']) }}"
  run_once: true
"""

RETURN = r"""
_value:
  description: The decision.
  type: dict
  contains:
    leader:
      description: Inventory name of the host manager-side actions run on; null when none can be chosen.
      type: str
    init:
      description: Whether RV(_value.leader) has to initialise a new swarm.
      type: bool
    cluster_id:
      description: ID of the adopted swarm; empty when a new one is initialised.
      type: str
    errors:
      description: Why no leader can be chosen. Empty when a leader was chosen.
      type: list
      elements: str
"""

from ansible.errors import AnsibleFilterError
from ansible_collections.dockyard.swarm.plugins.plugin_utils._hostvars import host_fact


def _swarm(summary):
    return summary.get('swarm') or {}


def _is_manager(summary):
    swarm = _swarm(summary)
    return swarm.get('LocalNodeState') == 'active' and bool(swarm.get('ControlAvailable'))


def _cluster_id(summary):
    return (_swarm(summary).get('Cluster') or {}).get('ID') or ''


def cluster_leader(hostvars, managers, workers, fact='_cluster_self'):
    if not isinstance(managers, (list, tuple)) or not isinstance(workers, (list, tuple)):
        raise AnsibleFilterError('cluster_leader: managers and workers must be lists of host names')
    order = []
    for host in list(managers) + list(workers):
        if host not in order:
            order.append(host)
    known = dict((h, host_fact(hostvars, h, fact)) for h in order)
    known = dict((h, s) for h, s in known.items() if s)

    active = [h for h in order if h in known and _is_manager(known[h])]
    ids = {}
    for host in active:
        ids.setdefault(_cluster_id(known[host]), []).append(host)
    if len(ids) > 1:
        detail = '; '.join('swarm %s: %s' % (cid or '?', ', '.join(hosts)) for cid, hosts in sorted(ids.items()))
        return dict(leader=None, init=False, cluster_id='', errors=[
            'The inventory hosts manage more than one swarm (%s). The role never merges swarms: '
            'decide which one is the cluster and make the managers of the others leave '
            '(docker swarm leave --force), then run again.' % detail])
    if active:
        staying = [h for h in active if h in managers and known[h].get('state', 'present') == 'present']
        leader = (staying or active)[0]
        return dict(leader=leader, init=False, cluster_id=_cluster_id(known[leader]), errors=[])

    candidates = [h for h in managers if h in known and known[h].get('state', 'present') == 'present']
    if not candidates:
        return dict(leader=None, init=False, cluster_id='', errors=[
            'No host of the managers group (%s) was reached with cluster_state present, and none manages '
            'a swarm: there is no host to initialise the swarm on. Put at least one reachable host in the '
            'managers group.' % (', '.join(managers) or 'empty')])
    return dict(leader=candidates[0], init=True, cluster_id='', errors=[])


class FilterModule(object):
    """Swarm leader choice."""

    def filters(self):
        return {'cluster_leader': cluster_leader}
