# -*- coding: utf-8 -*-
# Copyright: dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Compare the inventory with the swarm and say what has to change."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: cluster_plan
short_description: Plan the changes that bring a swarm in line with the inventory
version_added: 0.1.0
description:
  - Compares what every host reported (the C(_cluster_self) fact of the C(dockyard.swarm.cluster) role) and the
    node list of the swarm with the inventory, and returns what has to happen per host and on the managers.
  - A host that is not part of a swarm joins. A host that is in another swarm, or whose swarm state is pending,
    error or locked, re-joins when O(rejoin_foreign=true), else it gets an error naming it.
  - A host whose role differs from its group is promoted or demoted. A plan that would leave fewer reachable
    managers than a quorum of the managers that remain is refused.
  - Down node entries that carry the exact host name of a reached inventory host under another node ID (a rebuilt
    host) are stale and removed; the quorum check counts their demotion. Names are compared as they are, never
    normalised (V(web-1), V(web_1) and V(web1.dc2) are three hosts). Nodes that match no inventory host by ID or
    exact name are listed, and pruned when O(prune=true) and they are down workers; a node whose name only looks
    like an inventory host's (the same letters and digits) or that shares its address is listed, never pruned.
  - Hosts that were not reached are left alone, and node entries that carry their names are never pruned.
options:
  _input:
    description: The C(hostvars) mapping.
    type: dict
    required: true
  managers:
    description: Inventory hosts of the managers group.
    type: list
    elements: str
    required: true
  workers:
    description: Inventory hosts of the workers group.
    type: list
    elements: str
    required: true
  nodes:
    description: The swarm's nodes as C(docker node inspect) returns them (C(community.docker.docker_swarm_info)
      with C(nodes=true) and C(verbose_output=true)).
    type: list
    elements: dict
    required: true
  rejoin_foreign:
    description: Make hosts in another swarm or in a pending or error state leave and re-join.
    type: bool
    default: false
  prune:
    description: Remove nodes unknown to the inventory when they are down.
    type: bool
    default: false
  fact:
    description: Name of the per-host fact that describes the host.
    type: str
    default: _cluster_self
"""

EXAMPLES = r"""
- name: Plan the cluster
  ansible.builtin.set_fact:
    _cluster_plan: >-
      {{ hostvars | dockyard.swarm.cluster_plan(groups['swarm_managers'], groups['swarm_workers'],
                                                 __cluster_swarm.nodes, rejoin_foreign=false, prune=false) }}
  run_once: true
"""

RETURN = r"""
_value:
  description: The plan.
  type: dict
  contains:
    hosts:
      description:
        - Per inventory host that was reached, a dict with C(action) (V(member), V(join), V(rejoin), V(leave),
          V(none)), C(role) (V(manager) or V(worker)), C(node_id) (its node ID in the swarm, or empty),
          C(promote), C(demote) (booleans), C(remove_after) (node ID to remove once the host left, or empty)
          and C(error) (a message, or empty).
      type: dict
    errors:
      description: Every error of RV(_value.hosts), and a refused quorum change.
      type: list
      elements: str
    quorum_error:
      description: Why the plan is refused because of the manager quorum; empty when it is not.
      type: str
    quorum:
      description: C(managers) and C(reachable) after the plan, C(needed) for a quorum, and C(even).
      type: dict
    join_addrs:
      description: Addresses (address:port) of the reachable managers, the leader first.
      type: list
      elements: str
    stale:
      description:
        - Node entries (C(id), C(hostname), C(host), C(role)) left behind by rebuilt inventory hosts, and the old
          entries of hosts that re-join.
      type: list
      elements: dict
    unknown:
      description:
        - Nodes no inventory host of this run accounts for (C(id), C(hostname), C(role), C(status), C(addr),
          C(pruned)). C(host) names the inventory host whose name the node's resembles (the same letters and digits)
          or whose address it shares, when the node is not that host's by ID or exact name; such nodes are never
          pruned.
      type: list
      elements: dict
    prune:
      description: IDs of the unknown nodes to remove.
      type: list
      elements: str
"""

import re

from ansible.errors import AnsibleFilterError
from ansible_collections.dockyard.swarm.plugins.plugin_utils._hostvars import host_fact


def _node_role(node):
    return (node.get('Spec') or {}).get('Role') or ('manager' if node.get('ManagerStatus') else 'worker')


def _node_state(node):
    return (node.get('Status') or {}).get('State') or 'unknown'


def _node_hostname(node):
    return (node.get('Description') or {}).get('Hostname') or ''


def _node_addr(node):
    return (node.get('Status') or {}).get('Addr') or ''


def _reachable_manager(node):
    return (node.get('ManagerStatus') or {}).get('Reachability') == 'reachable'


def _loose(name):
    # For protection only: a node named like an unreached host (Docker drops characters a host name cannot
    # hold, so cluster_ha-node1 may run as clusterha-node1) is never pruned. Never used to remove a node.
    return re.sub(r'[^a-z0-9]', '', (name or '').split('.')[0].lower())


def _aliases(hostvars, host):
    """Names and addresses an inventory host may carry, also when it was not reached in this run."""
    aliases = [host]
    try:
        hvars = hostvars[host]
        facts = hvars.get('ansible_facts') or {}
        aliases.extend([hvars.get('ansible_host'), facts.get('hostname'), facts.get('nodename')])
    except Exception:  # an unreachable host's variables may not template
        pass
    return [a for a in aliases if a and isinstance(a, str)]


def _describe_foreign(host, swarm, cluster_label):
    local = swarm.get('LocalNodeState') or 'unknown'
    if local == 'active':
        managers = ', '.join(m.get('Addr', '?') for m in swarm.get('RemoteManagers') or []) or 'unknown managers'
        why = 'is a node (ID %s) of another swarm (managers: %s)' % (swarm.get('NodeID') or '?', managers)
    else:
        why = 'is in swarm state %s%s' % (local, (' (%s)' % swarm['Error']) if swarm.get('Error') else '')
    return ('Host %s %s, not of %s. Set cluster_rejoin_foreign: true to make it leave and re-join, '
            'or make it leave by hand (docker swarm leave --force) and run again.' % (host, why, cluster_label))


def cluster_plan(hostvars, managers, workers, nodes, rejoin_foreign=False, prune=False, fact='_cluster_self'):
    if not isinstance(nodes, (list, tuple)):
        raise AnsibleFilterError('cluster_plan: nodes must be the list of swarm nodes, got %r' % type(nodes).__name__)
    order = []
    for host in list(managers) + list(workers):
        if host not in order:
            order.append(host)
    by_id = dict((n.get('ID'), n) for n in nodes)
    summaries = dict((h, host_fact(hostvars, h, fact)) for h in order)

    leader_node = next((n for n in nodes if (n.get('ManagerStatus') or {}).get('Leader')), None)
    cluster_label = 'this cluster'

    hosts, errors, rejoined = {}, [], []
    joining_managers = 0
    leaving_manager_ids = set()
    for host in order:
        summary = summaries[host]
        if not summary:
            continue
        swarm = summary.get('swarm') or {}
        role = 'manager' if host in managers else 'worker'
        node_id = swarm.get('NodeID') or ''
        local = swarm.get('LocalNodeState') or 'inactive'
        member = local == 'active' and node_id in by_id
        plan = dict(action='none', role=role, node_id=node_id if member else '', promote=False,
                    demote=False, remove_after='', error='')
        if summary.get('state', 'present') == 'absent':
            if member:
                plan['action'] = 'leave'
                plan['remove_after'] = node_id
                if _node_role(by_id[node_id]) == 'manager':
                    plan['demote'] = True
                    leaving_manager_ids.add(node_id)
        elif member:
            plan['action'] = 'member'
            current = _node_role(by_id[node_id])
            if current != role:
                plan['promote'] = role == 'manager'
                plan['demote'] = role == 'worker'
                if plan['demote']:
                    leaving_manager_ids.add(node_id)
                else:
                    joining_managers += 1
        elif local == 'inactive':
            plan['action'] = 'join'
            joining_managers += role == 'manager'
        elif rejoin_foreign:
            plan['action'] = 'rejoin'
            joining_managers += role == 'manager'
            # A pending or broken member of this swarm leaves its own entry behind.
            if node_id in by_id:
                rejoined.append(dict(id=node_id, hostname=_node_hostname(by_id[node_id]), host=host,
                                     role=_node_role(by_id[node_id])))
                if _node_role(by_id[node_id]) == 'manager':
                    leaving_manager_ids.add(node_id)
        else:
            plan['error'] = _describe_foreign(host, swarm, cluster_label)
            errors.append(plan['error'])
        hosts[host] = plan

    # Which node entries belong to inventory hosts.
    current_ids = set(p['node_id'] for p in hosts.values() if p['node_id'])
    current_ids.update(p['remove_after'] for p in hosts.values() if p['remove_after'])
    current_ids.update(entry['id'] for entry in rejoined)
    # Exact names decide what is removed: web-1, web_1 and web1.dc2 are three different hosts. Loose names
    # and addresses only keep a node from being pruned.
    names, loose, addrs = {}, {}, {}
    for host in order:
        summary = summaries[host]
        aliases = _aliases(hostvars, host)
        if summary and summary.get('name'):
            aliases.insert(0, summary['name'])
        if summary and summary.get('addr'):
            addrs.setdefault(summary['addr'], host)
        for alias in aliases:
            names.setdefault(alias, host)
            loose.setdefault(_loose(alias), host)
            addrs.setdefault(alias, host)

    stale, unknown, prune_ids = list(rejoined), [], []
    for node in nodes:
        nid = node.get('ID')
        if nid in current_ids:
            continue
        named = names.get(_node_hostname(node))
        host = named or loose.get(_loose(_node_hostname(node))) or addrs.get(_node_addr(node))
        summary = summaries.get(host) if host else None
        # Only an entry with the exact host name of a reached host is that host's old entry; one whose name only
        # looks alike, or that only shares an address, is listed, never removed.
        if named and summary and summary.get('state', 'present') == 'present' and hosts.get(host):
            same_addr = bool(summary.get('addr')) and _node_addr(node) == summary.get('addr')
            if _node_state(node) == 'down' or same_addr:
                stale.append(dict(id=nid, hostname=_node_hostname(node), host=host, role=_node_role(node)))
                continue
        if host:
            # Named like an inventory host that was not reached, or a second live node with its name:
            # never pruned, only listed.
            unknown.append(dict(id=nid, hostname=_node_hostname(node), role=_node_role(node),
                                status=_node_state(node), addr=_node_addr(node), host=host, pruned=False))
            continue
        entry = dict(id=nid, hostname=_node_hostname(node), role=_node_role(node),
                     status=_node_state(node), addr=_node_addr(node), host='', pruned=False)
        if prune and entry['status'] == 'down' and entry['role'] == 'worker':
            entry['pruned'] = True
            prune_ids.append(nid)
        unknown.append(entry)

    # Down manager entries of rebuilt hosts are demoted and removed too: the quorum counts them as leaving.
    leaving_manager_ids.update(e['id'] for e in stale if e['role'] == 'manager')

    # Quorum after the plan: raft members that stay, plus the managers that join or are promoted.
    raft = [n for n in nodes if n.get('ManagerStatus')]
    staying = [n for n in raft if n.get('ID') not in leaving_manager_ids]
    after = len(staying) + joining_managers
    reachable = len([n for n in staying if _reachable_manager(n)]) + joining_managers
    needed = after // 2 + 1
    quorum = dict(managers=after, reachable=reachable, needed=needed, even=after > 0 and after % 2 == 0)
    quorum_error = ''
    if leaving_manager_ids and (after == 0 or reachable < needed):
        leaving = sorted(h for h, p in hosts.items() if p['demote'] or p['node_id'] in leaving_manager_ids)
        leaving += sorted('%s (stale entry %s)' % (e['hostname'], e['id']) for e in stale
                          if e['role'] == 'manager' and e['host'] not in leaving)
        quorum_error = (
            'Refusing to demote or remove the manager(s) %s: %d manager(s) would remain, %d of them reachable, '
            'and a quorum needs %d. Bring the unreachable managers back or add managers first, then run again.'
            % (', '.join(leaving) or 'of this run', after, reachable, max(needed, 1)))
        errors.append(quorum_error)

    join_addrs = []
    for node in sorted(raft, key=lambda n: not (n.get('ManagerStatus') or {}).get('Leader')):
        addr = (node.get('ManagerStatus') or {}).get('Addr')
        if addr and _reachable_manager(node) and node.get('ID') not in leaving_manager_ids:
            join_addrs.append(addr)
    if leader_node is not None and not join_addrs:
        join_addrs.append(leader_node['ManagerStatus'].get('Addr'))

    return dict(hosts=hosts, errors=errors, quorum_error=quorum_error, quorum=quorum, join_addrs=join_addrs,
                stale=stale, unknown=unknown, prune=prune_ids)


class FilterModule(object):
    """Swarm change plan."""

    def filters(self):
        return {'cluster_plan': cluster_plan}
