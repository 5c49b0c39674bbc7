# -*- coding: utf-8 -*-
# Copyright: dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Say whether a drained node is empty and the services that ran there run elsewhere again."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: cluster_drain
short_description: Tell whether a drain is over
version_added: 0.1.0
description:
  - A drain is over when no task on the node is still running or about to run, by its current state (a task whose
    desired state is already C(shutdown) may run for its stop grace period), and every replicated service that had
    a task on the node before the drain runs all its replicas again on other nodes.
  - Global services and jobs are not waited for, as their tasks on the node are not replaced elsewhere.
options:
  _input:
    description: The swarm's tasks as the Docker API returns them (C(community.docker.docker_swarm_info) with
      C(tasks=true) and C(verbose_output=true)).
    type: list
    elements: dict
    required: true
  services:
    description: The swarm's services, in the same form.
    type: list
    elements: dict
    required: true
  node_id:
    description: ID of the drained node.
    type: str
    required: true
  service_ids:
    description: IDs of the services that had a task to run on the node before the drain.
    type: list
    elements: str
    default: []
"""

EXAMPLES = r"""
- name: Tell whether the drain is over
  ansible.builtin.debug:
    msg: "{{ swarm.tasks | dockyard.swarm.cluster_drain(swarm.services, node_id, service_ids) }}"
"""

RETURN = r"""
_value:
  description: The drain's state.
  type: dict
  contains:
    done:
      description: Whether the drain is over.
      type: bool
    running:
      description: Tasks still on the node, as C(service.slot current-state).
      type: list
      elements: str
    missing:
      description: Replicated services of the node that do not run all their replicas, as C(name (running of wanted)).
      type: list
      elements: str
"""

# Current states of a task that runs, or is about to run, on its node.
ACTIVE_STATES = ('assigned', 'accepted', 'preparing', 'ready', 'starting', 'running')


def _task_name(task, names):
    service = names.get(task.get('ServiceID'), task.get('ServiceID') or '?')
    return '%s.%s' % (service, task.get('Slot') or task.get('NodeID') or '?')


def cluster_drain(tasks, services, node_id, service_ids=None):
    tasks = tasks or []
    names = dict((s.get('ID'), (s.get('Spec') or {}).get('Name') or s.get('ID')) for s in services or [])
    running = ['%s %s' % (_task_name(t, names), (t.get('Status') or {}).get('State'))
               for t in tasks
               if t.get('NodeID') == node_id and (t.get('Status') or {}).get('State') in ACTIVE_STATES]
    missing = []
    wanted_ids = set(service_ids or [])
    for service in services or []:
        replicated = ((service.get('Spec') or {}).get('Mode') or {}).get('Replicated')
        if service.get('ID') not in wanted_ids or replicated is None:
            continue
        wanted = replicated.get('Replicas', 1)
        up = len([t for t in tasks
                  if t.get('ServiceID') == service.get('ID') and t.get('NodeID') != node_id
                  and t.get('DesiredState') == 'running' and (t.get('Status') or {}).get('State') == 'running'])
        if up < wanted:
            missing.append('%s (%d of %d running)' % (names[service.get('ID')], up, wanted))
    return dict(done=not running and not missing, running=sorted(running), missing=sorted(missing))


class FilterModule(object):
    """Drain progress."""

    def filters(self):
        return {'cluster_drain': cluster_drain}
