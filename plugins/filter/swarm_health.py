# -*- coding: utf-8 -*-
# Copyright: dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Turn what dockyard.swarm.swarm_status read on every node into a health report."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: swarm_health
short_description: A swarm's health report from what M(dockyard.swarm.swarm_status) read on its nodes
version_added: 0.1.0
description:
  - Takes the swarm as one manager sees it (RV(dockyard.swarm.swarm_status#module:cluster)) and what every inventory
    host reported about itself, and says what is wrong.
  - Problems (the swarm is not healthy) - the quorum is lost or no manager could read the swarm, a manager is not
    reachable, a node is down, a host was not reached or its engine does not answer, a host is not an active member
    of the swarm, a node certificate expires within O(cert_days) days or does not come from the current CA, a
    service does not run all its tasks.
  - Warnings - no manager may fail without losing the quorum (margin 0), an even number of managers, drained or
    paused nodes, nodes on different engine versions.
options:
  _input:
    description:
      - Inventory host to the registered result of M(dockyard.swarm.swarm_status) on it (with C(ignore_unreachable),
        C(unreachable) says it was not reached; C(failed) and C(msg) say why it could not be read); an empty dict
        for a host that was not in the play.
    type: dict
    required: true
  managers:
    description: The inventory hosts of the managers group; the others are workers.
    type: list
    elements: str
    required: true
  cert_days:
    description: A node certificate that expires within this many days is a problem.
    type: int
    default: 7
"""

EXAMPLES = r"""
- name: Build the report from what every host of the play read
  ansible.builtin.set_fact:
    report: >-
      {{ dict(ansible_play_hosts_all | zip(ansible_play_hosts_all | map('extract', hostvars)
                                           | map(attribute='status', default={})))
         | dockyard.swarm.swarm_health(groups['swarm_managers'], cert_days=7) }}
  run_once: true
"""

RETURN = r"""
_value:
  description: The report.
  type: dict
  contains:
    healthy:
      description: No problem was found.
      type: bool
    hosts:
      description: Inventory host to C(role) (its inventory group), C(reached), C(error) and C(local) (what the host
        said about itself, see RV(dockyard.swarm.swarm_status#module:local)).
      type: dict
    cluster:
      description: The swarm as the manager that could read it sees it (RV(dockyard.swarm.swarm_status#module:cluster));
        empty when none could.
      type: dict
    cluster_host:
      description: The inventory host RV(_value.cluster) was read on; empty when none.
      type: str
    leader_host:
      description: The inventory host that is the swarm's leader; empty when it is none of them.
      type: str
    problems:
      description: What makes the swarm unhealthy, one sentence each.
      type: list
      elements: str
    warnings:
      description: What deserves attention but is not a failure.
      type: list
      elements: str
    managers:
      description: C(hostname), C(host) (inventory name, or empty), C(addr), C(reachability) and C(leader) of every
        manager.
      type: list
      elements: dict
    quorum:
      description: C(managers), C(reachable), C(needed), C(margin) (managers that may still fail) and C(lost).
      type: dict
    nodes_down:
      description: Host names of the nodes that are down.
      type: list
      elements: str
    nodes_drained:
      description: Host names of the nodes that are drained or paused, with their availability.
      type: list
      elements: str
    engine_versions:
      description: Engine version to the host names that run it.
      type: dict
    certificates:
      description: C(host), C(not_after) and C(days_left) of every node certificate read, soonest first.
      type: list
      elements: dict
    services_not_converged:
      description: C(name), C(desired), C(running) and C(errors) of the services that do not run all their tasks.
      type: list
      elements: dict
    tasks_without_files:
      description:
        - C(host), C(service), C(task_id) and C(missing) of the running tasks that lack secret or config files their
          service gives them, from the hosts that read their tasks (RV(dockyard.swarm.swarm_status#module:local.tasks)).
        - An engine stopped between creating a task's container and starting it leaves such a task.
      type: list
      elements: dict
"""

from ansible.errors import AnsibleFilterError


def _host(result, role):
    result = result or {}
    reached = bool(result) and not result.get('unreachable')
    error = ''
    # A result without a local state failed (also when failed_when hid that).
    if reached and (result.get('failed') or not result.get('local')):
        error = result.get('msg') or 'reading its state failed'
    return dict(role=role, reached=reached, error=error, local=result.get('local') or {},
                cluster=result.get('cluster') or {})


def _pick_cluster(hosts):
    """The fullest view of the swarm a manager gave: one with nodes, else one with an error."""
    views = [(name, h['cluster']) for name, h in sorted(hosts.items()) if h['role'] == 'manager' and h['cluster']]
    for name, view in views:
        if view.get('nodes'):
            return name, view
    return (views[0] if views else ('', {}))


def swarm_health(results, managers, cert_days=7):
    if not isinstance(results, dict):
        raise AnsibleFilterError('swarm_health: the input must map inventory hosts to their swarm_status results, '
                                 'got %r' % type(results).__name__)
    managers = list(managers or [])
    hosts = dict((name, _host(result, 'manager' if name in managers else 'worker'))
                 for name, result in results.items())
    cluster_host, cluster = _pick_cluster(hosts)
    problems, warnings = [], []
    by_node_id = dict(((h.get('local') or {}).get('node_id'), name) for name, h in hosts.items()
                      if (h.get('local') or {}).get('node_id'))

    for name in sorted(hosts):
        host = hosts[name]
        local = host.get('local') or {}
        if not host.get('reached', True):
            problems.append('Host %s was not reached in this run.' % name)
        elif host.get('error'):
            problems.append('Host %s: %s' % (name, host['error']))
        elif local.get('swarm_state') != 'active':
            problems.append('Host %s (%s in the inventory) is in swarm state %s, not an active member%s.'
                            % (name, host.get('role', '?'), local.get('swarm_state') or 'unknown',
                               (' (%s)' % local['error']) if local.get('error') else ''))
        elif host.get('role') == 'manager' and not local.get('control_available'):
            problems.append('Host %s is in the managers group but is a worker in the swarm.' % name)

    nodes = cluster.get('nodes') or []
    if not nodes:
        why = cluster.get('error') or 'no host of the managers group answered as a manager'
        problems.append('The swarm could not be read from any manager: %s.' % why.rstrip('. '))
    managers = []
    for node in nodes:
        if node.get('role') != 'manager':
            continue
        managers.append(dict(hostname=node.get('hostname'), host=by_node_id.get(node.get('id'), ''),
                             addr=node.get('manager_addr'), reachability=node.get('reachability'),
                             leader=node.get('leader')))
        if node.get('reachability') != 'reachable':
            problems.append('Manager %s (%s) is %s.' % (node.get('hostname'), node.get('manager_addr'),
                                                        node.get('reachability') or 'not reachable'))
    if nodes:
        count = len(managers)
        reachable = len([m for m in managers if m['reachability'] == 'reachable'])
    else:
        # Without a leader the managers only know their own state.
        count = len([h for h in hosts.values() if h.get('role') == 'manager'])
        reachable = 0
    needed = count // 2 + 1
    quorum = dict(managers=count, reachable=reachable, needed=needed, margin=max(reachable - needed, -1),
                  lost=reachable < needed)
    if quorum['lost']:
        problems.append('The managers have lost the quorum: %d of %d reachable, %d needed. playbooks/recover.yml '
                        'forces a new cluster on a surviving manager.' % (reachable, count, needed))
    elif nodes and quorum['margin'] == 0:
        warnings.append('No manager may fail without losing the quorum (%d of %d reachable, %d needed).'
                        % (reachable, count, needed))
    if count and count % 2 == 0:
        warnings.append('%d managers: an even number tolerates no more failures than one manager less.' % count)

    down = sorted(n.get('hostname') for n in nodes if n.get('state') != 'ready')
    for node in nodes:
        if node.get('state') != 'ready':
            problems.append('Node %s (%s) is %s.' % (node.get('hostname'), node.get('role'), node.get('state')))
    drained = sorted('%s (%s)' % (n.get('hostname'), n.get('availability')) for n in nodes
                     if n.get('availability') not in ('active', None, ''))
    if drained:
        warnings.append('Nodes not taking tasks: %s.' % ', '.join(drained))

    versions = {}
    for node in nodes:
        versions.setdefault(node.get('engine_version') or 'unknown', []).append(node.get('hostname'))
    if not nodes:
        for name, host in hosts.items():
            version = (host.get('local') or {}).get('engine_version')
            if version:
                versions.setdefault(version, []).append(name)
    for names in versions.values():
        names.sort()
    if len(versions) > 1:
        warnings.append('The nodes run %d engine versions: %s.' % (
            len(versions), '; '.join('%s on %s' % (v, ', '.join(versions[v])) for v in sorted(versions))))

    stale_ca = sorted(n.get('hostname') for n in nodes
                      if n.get('state') == 'ready' and not n.get('certificate_current'))
    if stale_ca:
        problems.append('Nodes whose certificate does not come from the current swarm CA yet: %s.'
                        % ', '.join(stale_ca))
    certificates = []
    for name in sorted(hosts):
        cert = (hosts[name].get('local') or {}).get('certificate') or {}
        if cert.get('not_after'):
            certificates.append(dict(host=name, not_after=cert['not_after'], days_left=cert.get('days_left')))
            if cert.get('days_left') is not None and cert['days_left'] < cert_days:
                problems.append('The swarm certificate of %s expires on %s (in %s days).'
                                % (name, cert['not_after'], cert['days_left']))
    certificates.sort(key=lambda c: c['not_after'])

    lagging = [dict(name=s['name'], desired=s['desired'], running=s['running'], errors=s.get('errors') or [])
               for s in cluster.get('services') or [] if not s.get('converged')]
    for service in lagging:
        problems.append('Service %s runs %d of %d tasks%s.' % (
            service['name'], service['running'], service['desired'],
            (': ' + '; '.join(service['errors'])) if service['errors'] else ''))

    unmounted = [dict(host=name, service=t.get('service'), task_id=t.get('task_id'), missing=t['missing'])
                 for name, h in sorted(hosts.items()) for t in h['local'].get('tasks') or [] if t.get('missing')]
    for task in unmounted:
        problems.append('The task %s of service %s on %s runs without %s (its container was started without them '
                        'after an engine restart); docker service update --force %s replaces it.'
                        % (task['task_id'], task['service'], task['host'], ', '.join(task['missing']), task['service']))

    leader_id = next((n.get('id') for n in nodes if n.get('leader')), '')
    public = dict((name, dict((k, v) for k, v in h.items() if k != 'cluster')) for name, h in hosts.items())
    return dict(healthy=not problems, hosts=public, cluster=cluster, cluster_host=cluster_host,
                leader_host=by_node_id.get(leader_id, '') if leader_id else '', problems=problems, warnings=warnings, managers=managers, quorum=quorum,
                nodes_down=down, nodes_drained=drained, engine_versions=versions, certificates=certificates,
                services_not_converged=lagging, tasks_without_files=unmounted)


class FilterModule(object):
    """Swarm health report."""

    def filters(self):
        return {'swarm_health': swarm_health}
