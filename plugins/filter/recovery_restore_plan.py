# -*- coding: utf-8 -*-
# Copyright: dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Choose the manager a swarm backup is restored onto, or say why it must not be."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: recovery_restore_plan
short_description: Choose the manager a swarm backup is restored onto, or say why it must not be
version_added: 0.1.0
description:
  - Docker restores a swarm from the C(/var/lib/docker/swarm) of a manager onto a host with the same address and
    engine version. The filter checks that, and picks that host among the managers when none is named.
  - Refuses while any manager of the inventory still reads a working swarm - a restore would start a second swarm
    from older state - when the backup does not say what it needs, and a backup whose state has autolock on (Docker
    cannot force a new cluster from encrypted state, moby/moby#36852); playbooks/backup.yml with
    recovery_backup_pause_autolock takes a backup of an autolocked swarm with autolock off.
  - Lists the other managers that hold swarm state (they leave it and join the restored swarm fresh); workers keep
    theirs and reconnect.
options:
  _input:
    description: The report of P(dockyard.swarm.swarm_health#filter), read on every host.
    type: dict
    required: true
  metadata:
    description: The backup's metadata (the C(.json) file playbooks/backup.yml writes beside the archive).
    type: dict
    required: true
  managers:
    description: The inventory hosts of the managers group, in inventory order.
    type: list
    elements: str
    required: true
  addresses:
    description: Inventory host to the IPv4 addresses it has (C(ansible_facts['all_ipv4_addresses'])).
    type: dict
    required: true
  host:
    description: The manager asked for; empty to pick the one with the backed-up address.
    type: str
    default: ""
"""

EXAMPLES = r"""
- name: Plan the restore
  ansible.builtin.set_fact:
    plan: "{{ health | dockyard.swarm.recovery_restore_plan(metadata, groups['swarm_managers'], addresses, '') }}"
  run_once: true
"""

RETURN = r"""
_value:
  description: The plan.
  type: dict
  contains:
    host:
      description: The inventory host to restore onto; empty when refused.
      type: str
    advertise_addr:
      description: The address the restored manager advertises (the backed-up node's).
      type: str
    set_aside:
      description: The other managers whose swarm state is set aside so that they join the restored swarm fresh.
      type: list
      elements: str
    error:
      description: Why the restore is refused; empty when it is not.
      type: str
"""

from ansible_collections.dockyard.swarm.plugins.plugin_utils._health import AUTOLOCK_CAUSE, health_report


def recovery_restore_plan(health, metadata, managers, addresses, host=''):
    health = health_report(health)
    plan = dict(host='', advertise_addr='', set_aside=[], error='')
    metadata = metadata or {}
    missing = [k for k in ('swarm_id', 'node_addr', 'engine_version') if not metadata.get(k)]
    if missing:
        plan['error'] = ('The backup\'s metadata lacks %s: it was not written by playbooks/backup.yml, or it was edited. '
                         'Choose another backup with recovery_restore_file.' % ', '.join(missing))
        return plan
    if metadata.get('autolock'):
        plan['error'] = ('The backup was taken with autolock on, and its state is encrypted: %s. Re-take the backup '
                         'with recovery_backup_pause_autolock=true (autolock is off while the backup is taken and on '
                         'again after), and restore that one.' % AUTOLOCK_CAUSE)
        return plan
    hosts = health['hosts']
    running = [health.get('cluster_host') or '?'] if (health.get('cluster') or {}).get('nodes') else []
    if running:
        plan['error'] = ('Manager %s still manages a working swarm (%s): restoring a backup now would start a second '
                         'swarm from older state. A restore is for a swarm that is lost; when only the quorum is lost, '
                         'use playbooks/recover.yml.' % (running[0], (health.get('cluster') or {}).get('id', '?')))
        return plan
    addr = metadata['node_addr']
    owners = [h for h in managers if addr in (addresses.get(h) or [])]
    if not host:
        if not owners:
            plan['error'] = ('No manager of the inventory has the address %s of the backed-up node (%s). Docker restores '
                             'a swarm onto a host with the same address: give a manager that address, or name the host '
                             'with recovery_restore_host once it has it.' % (addr, metadata.get('hostname', '?')))
            return plan
        host = owners[0]
    if host not in managers:
        plan['error'] = ('recovery_restore_host is %s, which is not in the managers group (%s).'
                         % (host, ', '.join(managers)))
        return plan
    state = hosts.get(host) or {}
    if not state.get('reached') or state.get('error'):
        plan['error'] = ('Host %s cannot take the restore: %s.' % (
            host, state.get('error') or 'it was not reached in this run'))
        return plan
    if addr not in (addresses.get(host) or []):
        plan['error'] = ('Host %s does not have the address %s of the backed-up node (it has %s). Docker restores a swarm '
                         'onto a host with the same address.' % (host, addr, ', '.join(addresses.get(host) or []) or 'none'))
        return plan
    version = (state.get('local') or {}).get('engine_version')
    if version != metadata['engine_version']:
        plan['error'] = ('Host %s runs engine %s, the backup was taken on engine %s. Docker restores a swarm onto the '
                         'same engine version: install %s there (engine role, engine_version) and run again.'
                         % (host, version, metadata['engine_version'], metadata['engine_version']))
        return plan
    plan['host'] = host
    plan['advertise_addr'] = addr
    plan['set_aside'] = [h for h in managers if h != host and (hosts.get(h) or {}).get('reached')
                         and ((hosts.get(h) or {}).get('local') or {}).get('swarm_state', 'inactive') != 'inactive']
    return plan


class FilterModule(object):
    """Swarm restore plan."""

    def filters(self):
        return {'recovery_restore_plan': recovery_restore_plan}
