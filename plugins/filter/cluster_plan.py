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
  - Compares the swarm state of the hosts reached in this run (a mapping of host name to the summary the
    C(dockyard.swarm.cluster) role builds from one C(docker info) per host) and the node list of the swarm with the
    inventory, and returns what has to happen per host and on the managers.
  - A host that is not part of a swarm joins. A host that is in another swarm, or whose swarm state is pending or
    error, re-joins when O(rejoin_foreign=true), else it gets an error naming it. It is never made to leave while a
    host of the managers group was not reached (its swarm may be the one those managers run); it gets an error
    instead. A C(locked) host is a member of a swarm and is never made to leave.
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
    description:
      - Inventory host name to its summary, for the hosts reached in this run - C(state) (V(present) or
        V(absent)), C(name), C(addr) and C(swarm) (the C(Swarm) section of C(docker info)).
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
  aliases:
    description:
      - Inventory host name to other names and addresses it may carry (C(ansible_host), its host name), also for
        hosts not reached in this run. A node entry named or addressed like one of them is never pruned.
    type: dict
  rejoin_foreign:
    description: Make hosts in another swarm or in a pending or error state leave and re-join.
    type: bool
    default: false
  prune:
    description: Remove nodes unknown to the inventory when they are down.
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Plan the cluster
  ansible.builtin.set_fact:
    _cluster_plan: >-
      {{ _cluster_hosts | dockyard.swarm.cluster_plan(groups['swarm_managers'], groups['swarm_workers'],
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
          C(promote), C(demote) (booleans), C(remove_after) (node ID to remove once the host left, or empty),
          C(spec) (the node's C(Availability) and C(Labels) as the swarm has them, for a member; else empty)
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
from ansible_collections.dockyard.swarm.plugins.filter.cluster_leader import hosts_in_order, local_state
from ansible_collections.dockyard.swarm.plugins.plugin_utils._quorum import managers_after, reachable


# --- reading node entries ------------------------------------------------------------------

def node_role(node):
    return (node.get('Spec') or {}).get('Role') or ('manager' if node.get('ManagerStatus') else 'worker')


def node_state(node):
    return (node.get('Status') or {}).get('State') or 'unknown'


def node_hostname(node):
    return (node.get('Description') or {}).get('Hostname') or ''


def node_addr(node):
    return (node.get('Status') or {}).get('Addr') or ''


def loose_name(name):
    # For protection only: a node named like an unreached host (Docker drops characters a host name cannot
    # hold, so cluster_ha-node1 may run as clusterha-node1) is never pruned. Never used to remove a node.
    return re.sub(r'[^a-z0-9]', '', (name or '').split('.')[0].lower())


# --- what each reached host does -----------------------------------------------------------

def _describe_foreign(host, swarm):
    local = swarm.get('LocalNodeState') or 'unknown'
    if local == 'active':
        managers = ', '.join(m.get('Addr', '?') for m in swarm.get('RemoteManagers') or []) or 'unknown managers'
        why = 'is a node (ID %s) of another swarm (managers: %s)' % (swarm.get('NodeID') or '?', managers)
    else:
        why = 'is in swarm state %s%s' % (local, (' (%s)' % swarm['Error']) if swarm.get('Error') else '')
    return why


def host_actions(states, managers, workers, nodes, rejoin_foreign=False):
    """Per reached host: join, re-join, stay a member (promoted or demoted), leave, or nothing.

    Returns (hosts, rejoined): the per-host plans, and the node entries that hosts re-joining leave behind.
    """
    by_id = dict((n.get('ID'), n) for n in nodes)
    order = hosts_in_order(managers, workers)
    managers_unreached = [h for h in managers if not states.get(h)]
    hosts, rejoined = {}, []
    for host in order:
        summary = states.get(host)
        if not summary:
            continue
        swarm = summary.get('swarm') or {}
        role = 'manager' if host in managers else 'worker'
        node_id = swarm.get('NodeID') or ''
        local = local_state(summary)
        member = local == 'active' and node_id in by_id
        spec = (by_id[node_id].get('Spec') or {}) if member else {}
        plan = dict(action='none', role=role, node_id=node_id if member else '', promote=False,
                    demote=False, remove_after='', error='',
                    spec=dict(Availability=spec.get('Availability', ''), Labels=spec.get('Labels') or {}) if member else {})
        if local == 'locked':
            # A member whose swarm is not known until it is unlocked: never made to leave.
            pass
        elif summary.get('state', 'present') == 'absent':
            if member:
                plan.update(action='leave', remove_after=node_id, demote=node_role(by_id[node_id]) == 'manager')
        elif member:
            plan['action'] = 'member'
            current = node_role(by_id[node_id])
            if current != role:
                plan['promote'] = role == 'manager'
                plan['demote'] = role == 'worker'
        elif local == 'inactive':
            plan['action'] = 'join'
        elif rejoin_foreign and (node_id in by_id or not managers_unreached):
            plan['action'] = 'rejoin'
            # A pending or broken member of this swarm leaves its own entry behind.
            if node_id in by_id:
                rejoined.append(dict(id=node_id, hostname=node_hostname(by_id[node_id]), host=host,
                                     role=node_role(by_id[node_id])))
        elif rejoin_foreign:
            plan['error'] = (
                'Host %s %s, not of this cluster, but it is not made to leave: %s of the managers group %s not '
                'reached in this run, and its swarm may be the one they run. Run again with every host of the '
                'managers group reachable, or make it leave by hand (docker swarm leave --force).'
                % (host, _describe_foreign(host, swarm), ', '.join(managers_unreached),
                   'was' if len(managers_unreached) == 1 else 'were'))
        else:
            plan['error'] = (
                'Host %s %s, not of this cluster. Set cluster_rejoin_foreign: true to make it leave and re-join, '
                'or make it leave by hand (docker swarm leave --force) and run again.'
                % (host, _describe_foreign(host, swarm)))
        hosts[host] = plan
    return hosts, rejoined


# --- node entries no host accounts for --------------------------------------------------------

def _names(states, order, aliases):
    """Exact names, loose names and addresses of the inventory hosts, each to its host."""
    names, loose, addrs = {}, {}, {}
    for host in order:
        summary = states.get(host) or {}
        known = [summary.get('name'), host] + list((aliases or {}).get(host) or [])
        known = [a for a in known if a and isinstance(a, str)]
        if summary.get('addr'):
            addrs.setdefault(summary['addr'], host)
        for alias in known:
            names.setdefault(alias, host)
            loose.setdefault(loose_name(alias), host)
            addrs.setdefault(alias, host)
    return names, loose, addrs


def match_entries(states, managers, workers, nodes, hosts, rejoined=(), aliases=None, prune=False):
    """Stale entries of rebuilt hosts, nodes no host accounts for, and those of them to prune.

    Exact names decide what is removed: web-1, web_1 and web1.dc2 are three different hosts. Loose names
    and addresses only keep a node from being pruned.
    """
    order = hosts_in_order(managers, workers)
    current_ids = set(p['node_id'] for p in hosts.values() if p['node_id'])
    current_ids.update(p['remove_after'] for p in hosts.values() if p['remove_after'])
    current_ids.update(entry['id'] for entry in rejoined)
    names, loose, addrs = _names(states, order, aliases)

    stale, unknown, prune_ids = list(rejoined), [], []
    for node in nodes:
        nid = node.get('ID')
        if nid in current_ids:
            continue
        named = names.get(node_hostname(node))
        host = named or loose.get(loose_name(node_hostname(node))) or addrs.get(node_addr(node))
        summary = states.get(host) if host else None
        # Only an entry with the exact host name of a reached host is that host's old entry; one whose name only
        # looks alike, or that only shares an address, is listed, never removed.
        if named and summary and summary.get('state', 'present') == 'present' and hosts.get(host):
            same_addr = bool(summary.get('addr')) and node_addr(node) == summary.get('addr')
            if node_state(node) == 'down' or same_addr:
                stale.append(dict(id=nid, hostname=node_hostname(node), host=host, role=node_role(node)))
                continue
        entry = dict(id=nid, hostname=node_hostname(node), role=node_role(node),
                     status=node_state(node), addr=node_addr(node), host=host or '', pruned=False)
        # Named like an inventory host that was not reached, or a second live node with its name: never pruned.
        if not host and prune and entry['status'] == 'down' and entry['role'] == 'worker':
            entry['pruned'] = True
            prune_ids.append(nid)
        unknown.append(entry)
    return stale, unknown, prune_ids


# --- managers --------------------------------------------------------------------------------

def leaving_manager_ids(nodes, hosts, stale):
    """Node IDs of the managers this plan demotes or removes."""
    by_id = dict((n.get('ID'), n) for n in nodes)
    leaving = set(p['node_id'] or p['remove_after'] for p in hosts.values() if p['demote'])
    leaving.update(e['id'] for e in stale if e['role'] == 'manager')
    return set(i for i in leaving if i and i in by_id)


def joining_managers(hosts):
    """Managers this plan adds: joins and re-joins of the managers group, and promotions."""
    return len([p for p in hosts.values()
                if p['promote'] or (p['role'] == 'manager' and p['action'] in ('join', 'rejoin'))])


def quorum_error(quorum, hosts, stale, leaving):
    if quorum['ok']:
        return ''
    names = sorted(h for h, p in hosts.items() if p['demote'] or (p['node_id'] and p['node_id'] in leaving))
    names += sorted('%s (stale entry %s)' % (e['hostname'], e['id']) for e in stale
                    if e['role'] == 'manager' and e['host'] not in names)
    return ('Refusing to demote or remove the manager(s) %s: %d manager(s) would remain, %d of them reachable, '
            'and a quorum needs %d. Bring the unreachable managers back or add managers first, then run again.'
            % (', '.join(names) or 'of this run', quorum['managers'], quorum['reachable'], max(quorum['needed'], 1)))


def join_addrs(nodes, leaving=()):
    """Addresses of the reachable managers that stay, the leader first; the leader's alone if none."""
    raft = [n for n in nodes if n.get('ManagerStatus')]
    addrs = []
    for node in sorted(raft, key=lambda n: not (n.get('ManagerStatus') or {}).get('Leader')):
        addr = (node.get('ManagerStatus') or {}).get('Addr')
        if addr and reachable(node) and node.get('ID') not in leaving:
            addrs.append(addr)
    leader = next((n for n in raft if n['ManagerStatus'].get('Leader')), None)
    if leader is not None and not addrs:
        addrs.append(leader['ManagerStatus'].get('Addr'))
    return addrs


# --- the entry point the role calls ------------------------------------------------------------

def cluster_plan(states, managers, workers, nodes, aliases=None, rejoin_foreign=False, prune=False):
    if not isinstance(states, dict):
        raise AnsibleFilterError('cluster_plan: the input must map host names to their swarm state, got %s'
                                 % type(states).__name__)
    if not isinstance(nodes, (list, tuple)):
        raise AnsibleFilterError('cluster_plan: nodes must be the list of swarm nodes, got %s' % type(nodes).__name__)
    hosts, rejoined = host_actions(states, managers, workers, nodes, rejoin_foreign)
    stale, unknown, prune_ids = match_entries(states, managers, workers, nodes, hosts, rejoined, aliases, prune)
    leaving = leaving_manager_ids(nodes, hosts, stale)
    quorum = managers_after(nodes, leaving, joining_managers(hosts))
    refused = quorum_error(quorum, hosts, stale, leaving)
    errors = [p['error'] for p in hosts.values() if p['error']] + ([refused] if refused else [])
    return dict(hosts=hosts, errors=errors, quorum_error=refused,
                quorum=dict((k, quorum[k]) for k in ('managers', 'reachable', 'needed', 'even')),
                join_addrs=join_addrs(nodes, leaving), stale=stale, unknown=unknown, prune=prune_ids)


class FilterModule(object):
    """Swarm change plan."""

    def filters(self):
        return {'cluster_plan': cluster_plan}
