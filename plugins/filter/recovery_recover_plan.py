# -*- coding: utf-8 -*-
# Copyright: dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Choose the surviving manager that forces a new cluster when the quorum is lost, or say why not."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: recovery_recover_plan
short_description: Choose the surviving manager that forces a new cluster when the quorum is lost
version_added: 0.1.0
description:
  - Takes the report of P(dockyard.swarm.swarm_health#filter) and checks that the quorum is really lost - no manager of
    the inventory can read the swarm. Refuses otherwise, naming the manager that can.
  - Refuses when autolock is on (a manager is locked, or a surviving manager's key on disk is encrypted), as Docker
    cannot force a new cluster from encrypted state (moby/moby#36852).
  - Picks the surviving manager (an active manager whose engine answers) that was asked for, else the one whose raft
    state was written last (the freshest copy of the swarm's state).
  - Lists the other managers of the inventory that were reached and hold a swarm state or whose engine does not
    answer; their state is set aside and they join the new cluster fresh.
options:
  _input:
    description: The report of P(dockyard.swarm.swarm_health#filter), read on every host.
    type: dict
    required: true
  managers:
    description: The inventory hosts of the managers group, in inventory order.
    type: list
    elements: str
    required: true
  host:
    description: The surviving manager asked for; empty to pick the freshest.
    type: str
    default: ""
"""

EXAMPLES = r"""
- name: Plan the recovery
  ansible.builtin.set_fact:
    plan: "{{ health | dockyard.swarm.recovery_recover_plan(groups['swarm_managers'], '') }}"
  run_once: true
"""

RETURN = r"""
_value:
  description: The plan.
  type: dict
  contains:
    host:
      description: The manager that forces a new cluster; empty when refused.
      type: str
    advertise_addr:
      description: The address it advertises (the one it has in the swarm).
      type: str
    set_aside:
      description: The other managers whose swarm state is set aside before they join fresh.
      type: list
      elements: str
    missing:
      description: Managers of the inventory that were not reached and cannot be re-added in this run.
      type: list
      elements: str
    error:
      description: Why the recovery is refused; empty when it is not.
      type: str
"""

from ansible_collections.dockyard.swarm.plugins.plugin_utils._health import AUTOLOCK_CAUSE, health_report


def recovery_recover_plan(health, managers, host=''):
    health = health_report(health)
    plan = dict(host='', advertise_addr='', set_aside=[], missing=[], error='')
    hosts = health['hosts']
    cluster = health.get('cluster') or {}
    if cluster.get('nodes'):
        plan['error'] = ('The quorum is not lost: manager %s reads the swarm (%d of %d managers reachable). '
                         'recover.yml forces a new cluster only when no manager can; playbooks/status.yml tells what '
                         'is wrong, and site.yml re-adds managers that are missing.'
                         % (health.get('cluster_host') or '?', health['quorum']['reachable'],
                            health['quorum']['managers']))
        return plan

    def local(h):
        return (hosts.get(h) or {}).get('local') or {}

    survivors = [h for h in managers if (hosts.get(h) or {}).get('reached') and not hosts[h].get('error')
                 and local(h).get('swarm_state') == 'active' and local(h).get('control_available')]
    # Without a leader the swarm's autolock setting cannot be read; a locked manager, or a key encrypted on disk, says it.
    locked = [h for h in managers if local(h).get('swarm_state') == 'locked']
    encrypted = [h for h in survivors if local(h).get('node_key_encrypted')]
    if locked or encrypted:
        plan['error'] = (
            'Autolock is on (%s), and %s. Nothing was changed. Either bring back enough of the lost managers for a '
            'quorum (start their engines; site.yml unlocks them with cluster_unlock_key_file), or, when they are gone '
            'for good, restore a backup taken with recovery_backup_pause_autolock=true with playbooks/restore.yml.'
            % ('; '.join(part for part in (
                ('locked: %s' % ', '.join(locked)) if locked else '',
                ('the node key on disk is encrypted on %s' % ', '.join(encrypted)) if encrypted else '') if part),
               AUTOLOCK_CAUSE))
        return plan
    if host:
        if host not in survivors:
            plan['error'] = ('recovery_recover_host is %s, which is not a surviving manager (an active manager whose '
                             'engine answers). Surviving managers: %s.' % (host, ', '.join(survivors) or 'none'))
            return plan
    elif survivors:
        host = sorted(survivors, key=lambda h: -(local(h).get('raft_last_write') or 0))[0]
    else:
        plan['error'] = ('No manager of the inventory survives with the swarm\'s state: nothing to force a new cluster '
                         'from. Restore the swarm from a backup with playbooks/restore.yml.')
        return plan
    plan['host'] = host
    plan['advertise_addr'] = local(host).get('node_addr', '')
    plan['set_aside'] = [h for h in managers if h != host and (hosts.get(h) or {}).get('reached')
                         and (hosts[h].get('error') or local(h).get('swarm_state', 'inactive') != 'inactive')]
    plan['missing'] = [h for h in managers if not (hosts.get(h) or {}).get('reached')]
    return plan


class FilterModule(object):
    """Quorum recovery plan."""

    def filters(self):
        return {'recovery_recover_plan': recovery_recover_plan}
