# -*- coding: utf-8 -*-
# Copyright: dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pick the manager that speaks for the swarm, or the one that starts it, from the whole view only."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: cluster_leader
short_description: Choose the manager that speaks for the swarm, or the host that initialises it
version_added: 0.1.0
description:
  - Takes the swarm state of every inventory host that was reached in this run (a mapping of host name to the
    summary the C(dockyard.swarm.cluster) role builds from one C(docker info) per host) and decides which host the
    manager-side actions run on.
  - If a host of the managers group is an active manager, its swarm is the cluster and no new swarm is created;
    managers that stay managers are preferred. Managers of two different swarms in the managers group are an
    error, never merged. Only when every host of the managers group was reached and none manages a swarm does an
    active manager in the workers group speak for the swarm.
  - A new swarm is started only with the whole view - every host of both groups reached, none of them in a swarm
    (any state but C(inactive) - active, C(locked), C(pending), C(error)). It starts on the first host of the
    managers group with C(state=present).
  - Without a manager in view, a run that reached members of a swarm, or did not reach every host of both groups,
    gets an error that names the hosts not reached, the swarm the reached members belong to (their managers'
    addresses) and how to proceed. The role then changes nothing.
  - A C(locked) host is a member of a swarm. Without an unlock key (O(unlock=false)) the locked hosts are an
    error; with one they are unlocked before the plan, so only a run in check mode sees them here, and then no
    leader is chosen among them.
options:
  _input:
    description:
      - Inventory host name to its summary, for the hosts reached in this run - C(state) (V(present) or
        V(absent)), C(name), C(addr) and C(swarm) (the C(Swarm) section of C(docker info)).
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
  play_hosts:
    description:
      - The hosts this run targets (C(ansible_play_hosts_all)). A host of the groups that is not among them is
        reported as not in this run (C(--limit)), one that is, as unreachable or failed.
      - When not given, every host that was not reached is reported as not reached.
    type: list
    elements: str
  unlock:
    description: Whether an unlock key is available for the locked hosts.
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Choose the leader
  ansible.builtin.set_fact:
    _cluster_leader: >-
      {{ _cluster_hosts | dockyard.swarm.cluster_leader(groups['swarm_managers'], groups['swarm_workers'],
                                                        play_hosts=ansible_play_hosts_all) }}
  run_once: true
"""

RETURN = r"""
_value:
  description: The decision.
  type: dict
  contains:
    leader:
      description:
        - Inventory name of the host manager-side actions run on; null when none can be chosen (an error, or in
          check mode only locked managers that would be unlocked).
      type: str
    init:
      description: Whether RV(_value.leader) has to initialise a new swarm.
      type: bool
    cluster_id:
      description: ID of the adopted swarm; empty when a new one is initialised.
      type: str
    locked:
      description: The reached hosts whose swarm is locked.
      type: list
      elements: str
    unreached:
      description: The hosts of both groups that were not reached in this run.
      type: list
      elements: str
    errors:
      description: Why no leader can be chosen. Empty when a leader was chosen.
      type: list
      elements: str
"""

from ansible.errors import AnsibleFilterError


def hosts_in_order(managers, workers):
    """Managers then workers, each host once."""
    if not isinstance(managers, (list, tuple)) or not isinstance(workers, (list, tuple)):
        raise AnsibleFilterError('managers and workers must be lists of host names')
    order = []
    for host in list(managers) + list(workers):
        if host not in order:
            order.append(host)
    return order


def swarm_of(summary):
    return (summary or {}).get('swarm') or {}


def local_state(summary):
    return swarm_of(summary).get('LocalNodeState') or 'inactive'


def is_active_manager(summary):
    swarm = swarm_of(summary)
    return swarm.get('LocalNodeState') == 'active' and bool(swarm.get('ControlAvailable'))


def cluster_id(summary):
    return (swarm_of(summary).get('Cluster') or {}).get('ID') or ''


def wanted_present(summary):
    return (summary or {}).get('state', 'present') == 'present'


def describe_membership(host, summary):
    """How a reached host that is in a swarm describes that swarm: its state and its managers' addresses."""
    swarm = swarm_of(summary)
    state = local_state(summary)
    managers = sorted(m.get('Addr') or '?' for m in swarm.get('RemoteManagers') or [])
    text = '%s (%s' % (host, 'member, node %s' % swarm.get('NodeID') if state == 'active' else 'swarm state ' + state)
    if cluster_id(summary):
        text += ', swarm %s' % cluster_id(summary)
    if managers:
        text += ', managers at %s' % ', '.join(managers)
    return text + ')'


def describe_unreached(hosts, play_hosts):
    if play_hosts is None:
        return 'not reached: %s' % ', '.join(hosts)
    left_out = [h for h in hosts if h not in play_hosts]
    failed = [h for h in hosts if h in play_hosts]
    parts = []
    if left_out:
        parts.append('not in this run (--limit or the play\'s hosts): %s' % ', '.join(left_out))
    if failed:
        parts.append('unreachable or failed earlier: %s' % ', '.join(failed))
    return '; '.join(parts)


def locked_error(locked):
    return ('The swarm is locked on %s (autolock; a manager comes up locked after its engine restarts). A locked '
            'manager is a member of the swarm: the role neither starts a swarm nor makes a host leave while one is '
            'locked. Give the unlock key (cluster_unlock_key, from a vault, or cluster_unlock_key_file, the file the '
            'role wrote it to) and run again, or unlock them by hand (docker swarm unlock).' % ', '.join(locked))


def _one_swarm(hosts, states, where):
    ids = {}
    for host in hosts:
        ids.setdefault(cluster_id(states[host]), []).append(host)
    if len(ids) < 2:
        return None
    detail = '; '.join('swarm %s: %s' % (cid or '?', ', '.join(found)) for cid, found in sorted(ids.items()))
    return ('The hosts of the %s manage more than one swarm (%s). The role never merges swarms: decide which one '
            'is the cluster and make the managers of the others leave (docker swarm leave --force), then run again.'
            % (where, detail))


def _decision(leader=None, init=False, cid='', locked=(), unreached=(), errors=()):
    return dict(leader=leader, init=init, cluster_id=cid, locked=list(locked), unreached=list(unreached),
                errors=list(errors))


def cluster_leader(states, managers, workers, play_hosts=None, unlock=False):
    if not isinstance(states, dict):
        raise AnsibleFilterError('cluster_leader: the input must map host names to their swarm state, got %s'
                                 % type(states).__name__)
    order = hosts_in_order(managers, workers)
    reached = [h for h in order if states.get(h)]
    unreached = [h for h in order if not states.get(h)]
    locked = [h for h in reached if local_state(states[h]) == 'locked']
    facts = dict(locked=locked, unreached=unreached)
    if locked and not unlock:
        return _decision(errors=[locked_error(locked)], **facts)

    in_managers = [h for h in reached if h in managers and is_active_manager(states[h])]
    in_workers = [h for h in reached if h not in managers and is_active_manager(states[h])]
    managers_unreached = [h for h in unreached if h in managers]
    if in_managers or (in_workers and not managers_unreached):
        active = in_managers or in_workers
        problem = _one_swarm(active, states, 'managers group' if in_managers else 'workers group')
        if problem:
            return _decision(errors=[problem], **facts)
        staying = [h for h in active if h in managers and wanted_present(states[h])]
        leader = (staying or active)[0]
        return _decision(leader=leader, cid=cluster_id(states[leader]), **facts)

    if locked:
        # Check mode with a key: the locked managers would be unlocked first; nothing can be planned before.
        return _decision(**facts)

    members = [h for h in reached if local_state(states[h]) != 'inactive']
    if members or unreached:
        return _decision(errors=[no_manager_error(states, order, members, unreached, managers, play_hosts)], **facts)

    candidates = [h for h in managers if h in states and wanted_present(states[h])]
    if not candidates:
        return _decision(errors=[
            'No host of the managers group (%s) has cluster_state present, and none manages a swarm: there is no '
            'host to initialise the swarm on. Put at least one host with cluster_state present in the managers '
            'group.' % (', '.join(managers) or 'empty')], **facts)
    return _decision(leader=candidates[0], init=True, **facts)


def no_manager_error(states, order, members, unreached, managers, play_hosts):
    """Why the run stops when it sees no manager: a new swarm needs the whole view."""
    joining = [h for h in order if h in states and local_state(states[h]) == 'inactive']
    parts = ['No host of the managers group that was reached in this run manages a swarm.']
    if members:
        parts.append('These hosts are in a swarm whose managers this run does not see: %s.'
                     % '; '.join(describe_membership(h, states[h]) for h in members))
    if unreached:
        parts.append('Hosts of the swarm groups %s.' % describe_unreached(unreached, play_hosts))
    parts.append('A new swarm is started only when every host of both groups is reached and none is in a swarm, '
                 'so nothing was changed on any host%s.'
                 % (' (%s only need to join, and wait for a run that reaches a manager)' % ', '.join(joining)
                    if joining else ''))
    advice = []
    if unreached:
        advice.append('run again with the hosts of both groups reachable and in the run (without --limit, or '
                      'with at least one manager of the swarm: %s)'
                      % ', '.join([h for h in unreached if h in managers] or unreached))
    if members:
        advice.append('if that swarm is gone for good, make those hosts leave it (docker swarm leave --force) '
                      'and run again; to adopt it, put one of its managers in the managers group')
    else:
        advice.append('take hosts that are gone for good out of the groups')
    parts.append('To proceed: %s.' % '; or '.join(advice))
    return ' '.join(parts)


class FilterModule(object):
    """Swarm leader choice."""

    def filters(self):
        return {'cluster_leader': cluster_leader}
