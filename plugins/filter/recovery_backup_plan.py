# -*- coding: utf-8 -*-
# Copyright: dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Choose the manager a swarm backup is taken from, or say why none may be."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: recovery_backup_plan
short_description: Choose the manager a swarm backup is taken from, or say why none may be
version_added: 0.1.0
description:
  - Takes the report of P(dockyard.swarm.swarm_health#filter) and picks the manager whose engine is stopped while its
    swarm state is archived - the one asked for, else the first reachable manager of the inventory that is not the
    leader.
  - Refuses when the swarm cannot be read, when the manager asked for is not a reachable manager or is the leader
    while other managers exist, and - unless downtime is accepted - when the managers left running would have no
    quorum (a single manager, or a quorum that depends on it).
  - Refuses a swarm with autolock on unless O(pause_autolock) is set - Docker cannot force a new cluster from the
    encrypted state of such a backup (moby/moby#36852) - and then only with O(key_file) to write the new unlock key
    to. With O(pause_autolock), autolock is turned off for the backup and on again after; the metadata then says
    that the archived state has autolock off.
options:
  _input:
    description: The report of P(dockyard.swarm.swarm_health#filter).
    type: dict
    required: true
  managers:
    description: The inventory hosts of the managers group, in inventory order.
    type: list
    elements: str
    required: true
  host:
    description: The manager asked for; empty to let the filter choose.
    type: str
    default: ""
  accept_downtime:
    description: Back up even when the swarm cannot be managed while the engine is stopped.
    type: bool
    default: false
  pause_autolock:
    description: When autolock is on, turn it off for the backup and on again after (a new unlock key).
    type: bool
    default: false
  key_file:
    description: The file on the controller the new unlock key is written to (cluster_unlock_key_file).
    type: str
    default: ""
"""

EXAMPLES = r"""
- name: Plan the backup
  ansible.builtin.set_fact:
    plan: "{{ health | dockyard.swarm.recovery_backup_plan(groups['swarm_managers'], '', false, true, '/root/.swarm-key') }}"
  run_once: true
"""

RETURN = r"""
_value:
  description: The plan.
  type: dict
  contains:
    host:
      description: The inventory host to back up; empty when refused.
      type: str
    swarm_id:
      description: The swarm's ID.
      type: str
    downtime:
      description: Whether the swarm cannot be managed while the engine is stopped.
      type: bool
    pause_autolock:
      description: Whether autolock is turned off for the backup and on again after.
      type: bool
    autolock_host:
      description: The manager that turns autolock off and on - the leader, or the backed-up manager when it is the
        only one; empty when autolock is not paused.
      type: str
    error:
      description: Why the backup is refused; empty when it is not.
      type: str
    metadata:
      description: What a restore needs - C(swarm_id), C(host), C(hostname), C(node_id), C(node_addr),
        C(engine_version), C(autolock) (of the archived state), C(autolock_paused), C(managers) and C(nodes).
      type: dict
"""

from ansible_collections.dockyard.swarm.plugins.plugin_utils._health import AUTOLOCK_CAUSE, health_report


def recovery_backup_plan(health, managers, host='', accept_downtime=False, pause_autolock=False, key_file=''):
    health = health_report(health)
    cluster = health.get('cluster') or {}
    plan = dict(host='', swarm_id=cluster.get('id', ''), downtime=False, pause_autolock=False, autolock_host='',
                error='', metadata={})
    if not cluster.get('nodes'):
        plan['error'] = ('The swarm could not be read from any manager (%s), so no backup is taken. %s'
                         % (cluster.get('error') or 'none answered',
                            'When the quorum is lost, playbooks/recover.yml brings the swarm back first.'))
        return plan
    by_host = dict((m['host'], m) for m in health.get('managers') or [] if m.get('host'))
    quorum = health.get('quorum') or {}
    candidates = [h for h in managers if h in by_host and by_host[h]['reachability'] == 'reachable'
                  and not by_host[h]['leader']]
    if host:
        if host not in managers:
            plan['error'] = ('recovery_backup_host is %s, which is not in the managers group (%s). Name one of them.'
                             % (host, ', '.join(managers)))
            return plan
        if host not in by_host or by_host[host]['reachability'] != 'reachable':
            plan['error'] = ('recovery_backup_host is %s, which is not a reachable manager of the swarm. Name one of: %s.'
                             % (host, ', '.join(candidates) or 'none'))
            return plan
        if by_host[host]['leader'] and quorum.get('managers', 0) > 1:
            plan['error'] = ('recovery_backup_host is %s, the swarm\'s leader: stopping it forces an election. Back up a '
                             'manager that is not the leader: %s.' % (host, ', '.join(candidates) or 'none is reachable'))
            return plan
    else:
        host = candidates[0] if candidates else ''
        if not host and quorum.get('managers', 0) == 1:
            host = next((h for h in managers if h in by_host and by_host[h]['reachability'] == 'reachable'), '')
        if not host:
            plan['error'] = ('No manager of the inventory can be backed up: none is a reachable manager that is not the '
                             'leader (managers: %s). Check the swarm with playbooks/status.yml.'
                             % ', '.join('%s %s%s' % (m['hostname'], m['reachability'], ' leader' if m['leader'] else '')
                                         for m in health.get('managers') or []))
            return plan
    reachable, needed = quorum.get('reachable', 0), quorum.get('needed', 1)
    plan['downtime'] = reachable - 1 < needed
    if plan['downtime'] and not accept_downtime:
        plan['error'] = (
            'Stopping the engine of %s leaves %d of %d managers reachable, and a quorum needs %d: the swarm could not '
            'be managed (no deploys, no rescheduling) until it is back. Set recovery_accept_downtime=true to accept '
            'that, or bring the other managers back first.' % (host, reachable - 1, quorum.get('managers', 0), needed))
        return plan
    autolock = bool(cluster.get('autolock'))
    if autolock and not pause_autolock:
        plan['error'] = ('Autolock is on in swarm %s, and its backup could never be restored: %s. Set recovery_backup_pause_autolock=true: autolock is then '
                         'turned off while the backup is taken and on again after, with a new unlock key written to '
                         'cluster_unlock_key_file.' % (plan['swarm_id'], AUTOLOCK_CAUSE))
        return plan
    if autolock and not key_file:
        plan['error'] = ('recovery_backup_pause_autolock turns autolock on again after the backup, which gives the swarm '
                         'a new unlock key, but cluster_unlock_key_file is not set: the new key would be known nowhere. '
                         'Set cluster_unlock_key_file to an absolute path on the controller (the key is written there, '
                         'mode 0600), as for the cluster role.')
        return plan
    leader = next((h for h in managers if h in by_host and by_host[h]['leader']), '')
    local = (health['hosts'].get(host) or {}).get('local') or {}
    plan['host'] = host
    plan['pause_autolock'] = autolock
    plan['autolock_host'] = (leader if leader and leader != host else host) if autolock else ''
    plan['metadata'] = dict(
        swarm_id=cluster.get('id', ''), host=host, hostname=local.get('hostname', ''), node_id=local.get('node_id', ''),
        node_addr=local.get('node_addr', ''), engine_version=local.get('engine_version', ''),
        autolock=False, autolock_paused=autolock, managers=quorum.get('managers', 0),
        nodes=len(cluster.get('nodes') or []))
    return plan


class FilterModule(object):
    """Swarm backup plan."""

    def filters(self):
        return {'recovery_backup_plan': recovery_backup_plan}
