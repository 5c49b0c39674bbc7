# -*- coding: utf-8 -*-

# Copyright (c) dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Read a stack's services and tasks, wait until they converged, and report why they did not.

The pure functions (a service's state from its tasks, the failure report) are unit tested;
StackWatcher reads the engine through the Docker SDK's public API only.

Private to this collection: the names here may change without notice.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import calendar
import re
import time

from ansible.module_utils.common.text.converters import to_native, to_text

from ansible_collections.dockyard.swarm.plugins.module_utils._client import APIError, DockerException, engine_errors
from ansible_collections.dockyard.swarm.plugins.module_utils._names import label_filter
from ansible_collections.dockyard.swarm.plugins.module_utils._stack_spec import NAMESPACE_LABEL

POLL_SECONDS = 1
# Reads of a failing service's logs while its failed tasks have no line yet.
LOG_ATTEMPTS = 3
FAILED_STATES = ('failed', 'rejected')
FAILED_UPDATES = ('paused', 'rollback_paused')
BUSY_UPDATES = ('updating', 'rollback_started')


# --- pure logic (unit tested) -------------------------------------------------------------

def same_spec(task_spec, template, node=None):
    """Whether a task runs this task template (its container spec, placement and force counter).

    The engine keeps a task whose spec differs only in the placement constraints when its node
    still satisfies the new ones (swarmkit's IsTaskDirtyPlacementConstraintsOnly): with its
    node given, such a task counts as made from the template.
    """
    task_spec = task_spec or {}
    template = template or {}
    if any(task_spec.get(key) != template.get(key) for key in ('ContainerSpec', 'ForceUpdate')):
        return False
    if task_spec.get('Placement') == template.get('Placement'):
        return True
    had = dict(task_spec.get('Placement') or {})
    wanted = dict(template.get('Placement') or {})
    had.pop('Constraints', None)
    constraints = wanted.pop('Constraints', None) or []
    return node is not None and had == wanted and all(node_matches(node, c) is True for c in constraints)


def container_labels(task):
    return ((task.get('Spec') or {}).get('ContainerSpec') or {}).get('Labels') or {}


def task_state(task):
    return (task.get('Status') or {}).get('State', '')


def timestamp_seconds(text):
    """Seconds since the epoch of a time as the engine writes it (RFC 3339, nanoseconds); None if unreadable."""
    match = re.match(r'^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$', text or '')
    if not match:
        return None
    fields = [int(part) for part in match.groups()[:6]]
    seconds = calendar.timegm(tuple(fields) + (0, 0, 0)) + float(match.group(7) or 0)
    zone = match.group(8)
    if zone != 'Z':
        offset = int(zone[1:3]) * 3600 + int(zone[4:6]) * 60
        seconds -= offset if zone[0] == '+' else -offset
    return seconds


def running_for(task, now, seen=None):
    """How long a running task has run: since its state's time, or since this run first saw it running.

    The state's time comes from the clock of the task's node; the time seen covers a node whose
    clock runs ahead.
    """
    ages = []
    if seen and task.get('ID') in seen:
        ages.append(now - seen[task.get('ID')])
    started = timestamp_seconds((task.get('Status') or {}).get('Timestamp'))
    if started is not None:
        ages.append(now - started)
    return max(ages) if ages else 0


def describe_task(task, node_names):
    status = task.get('Status') or {}
    node = node_names.get(task.get('NodeID'), task.get('NodeID') or 'no node')
    text = status.get('Err') or status.get('Message') or ''
    return dict(id=task.get('ID', ''), slot=task.get('Slot'), node=node, state=status.get('State', ''),
                error=text, timestamp=status.get('Timestamp', ''))


def node_matches(node, constraint):
    """Whether a node satisfies one placement constraint; None when the constraint cannot be read here."""
    for operator in ('==', '!='):
        if operator in constraint:
            key, value = [part.strip() for part in constraint.split(operator, 1)]
            break
    else:
        return None
    spec = node.get('Spec') or {}
    description = node.get('Description') or {}
    platform = description.get('Platform') or {}
    known = {'node.id': node.get('ID'), 'node.hostname': description.get('Hostname'), 'node.role': spec.get('Role'),
             'node.platform.os': platform.get('OS'), 'node.platform.arch': platform.get('Architecture')}
    if key in known:
        actual = known[key]
    elif key.startswith('node.labels.'):
        actual = (spec.get('Labels') or {}).get(key[len('node.labels.'):])
    elif key.startswith('engine.labels.'):
        actual = ((description.get('Engine') or {}).get('Labels') or {}).get(key[len('engine.labels.'):])
    else:
        return None
    equal = actual is not None and to_text(actual).lower() == value.lower()
    return equal if operator == '==' else not equal


def eligible_nodes(nodes, placement):
    """How many ready, active nodes satisfy the placement constraints; None when one cannot be read here."""
    count = 0
    for node in nodes:
        if (node.get('Status') or {}).get('State') != 'ready' or (node.get('Spec') or {}).get('Availability') != 'active':
            continue
        matches = [node_matches(node, c) for c in (placement or {}).get('Constraints') or []]
        if None in matches:
            return None
        count += all(matches)
    return count


def job_status(result, service, tasks, node_names, nodes, max_failures, deployed=True):
    """A job converges when the tasks of its current run completed: TotalCompletions of them, or one per node.

    deployed: this run deployed the stack. When it did not, a job whose run left no task (the
    engine keeps a limited task history) is done: nothing started it again.
    """
    spec = service.get('Spec') or {}
    mode = spec.get('Mode') or {}
    iteration = ((service.get('JobStatus') or {}).get('JobIteration') or {}).get('Index')
    current = [t for t in tasks if iteration is None or ((t.get('JobIteration') or {}).get('Index')) == iteration]
    complete = [t for t in current if task_state(t) == 'complete']
    failed = [t for t in current if task_state(t) in FAILED_STATES]
    failed.sort(key=lambda t: (t.get('Status') or {}).get('Timestamp', ''), reverse=True)
    if 'ReplicatedJob' in mode:
        job = mode.get('ReplicatedJob') or {}
        total = job.get('TotalCompletions') or job.get('MaxConcurrent') or 1
    else:
        eligible = eligible_nodes(nodes, (spec.get('TaskTemplate') or {}).get('Placement'))
        total = max(eligible or 0, len(set(t.get('NodeID') for t in current)))
    result.update(running=len(complete), desired=total, completed=len(complete),
                  failed_tasks=[describe_task(t, node_names) for t in failed])
    if not deployed and not current:
        result.update(state='converged', detail='job ran before; no task of its last run is left')
    elif len(complete) >= total:
        result.update(state='converged', detail='job complete: %d of %d tasks succeeded' % (len(complete), total))
    elif max_failures and len(failed) >= max_failures:
        result.update(state='failed', detail='job failed: %d tasks failed' % len(failed))
    else:
        result['detail'] = 'job running: %d of %d tasks succeeded' % (len(complete), total)
    return result


def service_status(service, tasks, node_names, max_failures, accept_rollback=False, rolling_back=False, nodes=None,
                   earlier_failures=(), settle=0, now=None, seen=None):
    """One service's state: converged, pending or failed, with its tasks and why.

    tasks: the service's tasks (docker task inspect). node_names: node ID -> host name.
    nodes: the swarm's nodes (docker node inspect), to count where a global service or job runs.
    accept_rollback: a completed rollback is fine (the service runs what it declares now).
    rolling_back: a rollback was just requested, so a paused update is about to turn into it.
    For `running` and `desired`, a job counts its succeeded tasks and the completions it needs.
    earlier_failures: IDs of tasks that had failed before this run began. They are history (a node
    that rejoined, a restart long ago) and do not count towards max_failures; a service that is
    broken now fails new tasks. Jobs keep them: a job does not start again by itself.
    settle: seconds a task must have been running to count towards convergence, so that a task caught
    in the moment between its start and its crash does not make a crash-looping service converged
    (the docker CLI waits 5 s in the same way). now: the time to measure against; seen: task ID -> the
    time this run first saw the task running (see running_for).
    """
    spec = service.get('Spec') or {}
    name = spec.get('Name') or service.get('ID', '')
    mode = spec.get('Mode') or {}
    template = spec.get('TaskTemplate') or {}
    update = service.get('UpdateStatus') or {}
    update_state = update.get('State') or ''
    result = dict(name=name, state='pending', running=0, desired=None, detail='', failed_tasks=[], stuck_tasks=[])
    if 'ReplicatedJob' in mode or 'GlobalJob' in mode:
        return job_status(result, service, tasks, node_names, nodes or [], max_failures, deployed=not accept_rollback)

    nodes_by_id = dict((n.get('ID'), n) for n in nodes or [])
    current = [t for t in tasks if same_spec(t.get('Spec'), template, nodes_by_id.get(t.get('NodeID')))]
    running = [t for t in current if t.get('DesiredState') == 'running' and task_state(t) == 'running']
    failed = [t for t in current if task_state(t) in FAILED_STATES and t.get('ID') not in earlier_failures]
    failed.sort(key=lambda t: (t.get('Status') or {}).get('Timestamp', ''), reverse=True)
    stuck = [t for t in tasks if t.get('DesiredState') == 'running' and task_state(t) != 'running']
    if settle:
        now = time.time() if now is None else now
        settled = [t for t in running if running_for(t, now, seen) >= settle]
    else:
        settled = running
    if 'Replicated' in mode:
        desired = (mode.get('Replicated') or {}).get('Replicas', 1)
    else:
        # A global service wants one task on every eligible node: the tasks the engine wants running,
        # or, when it has not made all those tasks yet, the eligible nodes the manager counts
        # (ServiceStatus, API 1.41, SDK 6) or, without that, the ones we count.
        eligible = None
        if nodes and 'ServiceStatus' not in service:
            eligible = eligible_nodes(nodes, template.get('Placement'))
        desired = max(len([t for t in tasks if t.get('DesiredState') == 'running']),
                      (service.get('ServiceStatus') or {}).get('DesiredTasks') or 0, eligible or 0)
    result.update(running=len(running), desired=desired,
                  failed_tasks=[describe_task(t, node_names) for t in failed],
                  stuck_tasks=[describe_task(t, node_names) for t in stuck])

    if 'Replicated' in mode and desired == 0:
        # Nothing to start or to update: the engine only stops the old tasks.
        result.update(state='converged', detail='scaled to 0')
    elif rolling_back and update_state in FAILED_UPDATES:
        # A rollback requested while the update still ran may be paused by the engine for a task of
        # that update; the previous spec's tasks start all the same, and they decide.
        if len(settled) == desired and not stuck:
            result.update(state='converged', detail='')
        else:
            result['detail'] = 'waiting for the rollback (update %s)' % update_state
    elif update_state in FAILED_UPDATES:
        result.update(state='failed', detail='update %s: %s' % (update_state, update.get('Message', '')))
    elif update_state == 'rollback_completed' and not accept_rollback:
        result.update(state='failed', detail='the engine rolled the update back: %s' % update.get('Message', ''))
    elif update_state in BUSY_UPDATES:
        result['detail'] = 'update %s' % update_state
    elif len(settled) == desired and not stuck and not (desired == 0 and failed):
        result.update(state='converged', detail='')
    elif len(running) == desired and not stuck and not (desired == 0 and failed):
        result['detail'] = ('%d of %d tasks running on the new definition, waiting until they have run %d s'
                            % (len(running), desired, settle))
    if result['state'] == 'pending':
        if max_failures and len(failed) >= max_failures:
            result.update(state='failed', detail='%d tasks on the new definition failed' % len(failed))
        elif not result['detail']:
            result['detail'] = '%d of %d tasks running on the new definition' % (len(running), desired)
    return result


def failure_report(statuses, logs):
    """Per failing service: why, its task errors with their nodes, and the last log lines of those tasks."""
    lines = []
    for status in statuses:
        if status['state'] == 'converged':
            continue
        lines.append('- %s: %s (%d of %s tasks %s)'
                     % (status['name'], status['detail'] or status['state'], status['running'], status['desired'],
                        'succeeded' if 'completed' in status else 'running'))
        shown = set()
        for task in (status['failed_tasks'][:3] + status['stuck_tasks'][:3]):
            if task['id'] in shown:
                continue
            shown.add(task['id'])
            slot = ' (slot %s)' % task['slot'] if task['slot'] is not None else ''
            lines.append('  task %s%s on node %s: %s: %s'
                         % (task['id'][:12], slot, task['node'], task['state'], task['error'] or 'no error given'))
            for line in logs.get(task['id']) or []:
                lines.append('    | %s' % line)
    return '\n'.join(lines)


def task_log_lines(raw, task_ids, limit):
    """The last `limit` lines per task from `docker service logs --details` output."""
    per_task = dict((task_id, []) for task_id in task_ids)
    for line in to_text(raw, errors='surrogate_or_replace').splitlines():
        details, dummy, text = line.partition(' ')
        for part in details.split(','):
            key, dummy, value = part.partition('=')
            if key == 'com.docker.swarm.task.id' and value in per_task:
                per_task[value].append(text)
    return dict((task_id, lines[-limit:]) for task_id, lines in per_task.items() if lines)


def pending(name, detail):
    return dict(name=name, state='pending', running=0, desired=None, detail=detail, failed_tasks=[], stuck_tasks=[])


# --- reading the engine and waiting ---------------------------------------------------------

class StackWatcher(object):
    """Reads one stack's services, tasks, networks and logs, and waits for them."""

    def __init__(self, module, client, stack):
        self.module = module
        self.api = client.api
        self.stack = stack
        self.params = module.params
        self.earlier_failures = frozenset()
        self.seen = {}

    def note_earlier_failures(self):
        """Remember the stack's tasks that have failed so far: they do not count towards max_task_failures."""
        self.earlier_failures = frozenset(t.get('ID') for t in self.tasks() if task_state(t) in FAILED_STATES)

    def services(self):
        """The stack's services. With status=True (SDK 6 and API 1.41 or later) each carries ServiceStatus."""
        filters = {'label': label_filter(NAMESPACE_LABEL, self.stack)}
        with engine_errors(self.module, "listing the services of stack '%s'" % self.stack):
            try:
                return self.api.services(filters=filters, status=True)
            except TypeError:  # an SDK without the status parameter
                return self.api.services(filters=filters)
            except DockerException as exc:
                if isinstance(exc, APIError):
                    raise
                # InvalidVersion: an engine older than API 1.41 has no status.
                return self.api.services(filters=filters)

    def specs(self):
        """service name -> Spec, for the services of the stack."""
        return dict((s['Spec']['Name'], s['Spec']) for s in self.services())

    def networks(self):
        with engine_errors(self.module, "listing the networks of stack '%s'" % self.stack):
            return self.api.networks(filters={'label': label_filter(NAMESPACE_LABEL, self.stack)})

    def tasks(self, service_ids=None):
        with engine_errors(self.module, "listing the tasks of stack '%s'" % self.stack):
            tasks = self.api.tasks()
        if service_ids is not None:
            return [t for t in tasks if t.get('ServiceID') in service_ids]
        return [t for t in tasks if container_labels(t).get(NAMESPACE_LABEL) == self.stack]

    def nodes(self):
        with engine_errors(self.module, 'listing the swarm nodes'):
            return self.api.nodes()

    def statuses(self, wanted, accept_rollback=False, rolling_back=False):
        services = [s for s in self.services() if wanted is None or s['Spec']['Name'] in wanted]
        tasks = self.tasks(set(s['ID'] for s in services))
        nodes = self.nodes()
        names = dict((n['ID'], (n.get('Description') or {}).get('Hostname') or n['ID']) for n in nodes)
        now = time.time()
        for task in tasks:
            if task_state(task) == 'running':
                self.seen.setdefault(task.get('ID'), now)
        result = []
        for service in services:
            own = [t for t in tasks if t.get('ServiceID') == service['ID']]
            result.append(service_status(service, own, names, self.params['max_task_failures'],
                                         accept_rollback, rolling_back, nodes, self.earlier_failures,
                                         self.params.get('settle_time') or 0, now, self.seen))
        for name in sorted(set(wanted or []) - set(s['name'] for s in result)):
            result.append(pending(name, 'service not created yet'))
        return sorted(result, key=lambda s: s['name'])

    def wait_for(self, wanted, accept_rollback=False, rolling_back=False):
        deadline = time.time() + self.params['wait_timeout']
        while True:
            statuses = self.statuses(wanted, accept_rollback, rolling_back)
            if all(s['state'] == 'converged' for s in statuses) or any(s['state'] == 'failed' for s in statuses) \
                    or time.time() >= deadline:
                return statuses
            time.sleep(POLL_SECONDS)

    def wait_removed(self, names):
        """Wait until these services are gone; the names of those still there at the timeout."""
        deadline = time.time() + self.params['wait_timeout']
        while True:
            left = sorted(set(names) & set(self.specs()))
            if not left or time.time() >= deadline:
                return left
            time.sleep(POLL_SECONDS)

    def logs(self, statuses):
        logs = {}
        limit = self.params['log_lines']
        if limit <= 0:
            return logs
        for status in statuses:
            ids = [t['id'] for t in status['failed_tasks'][:3] + status['stuck_tasks'][:3]]
            if not ids:
                continue
            # The lines of a task that failed on another node reach the manager a moment after its state
            # does: read again, a few times, while none of its failed tasks has a line yet.
            failed_ids = [t['id'] for t in status['failed_tasks'][:3]]
            for attempt in range(LOG_ATTEMPTS):
                try:
                    raw = self.api.service_logs(status['name'], details=True, stdout=True, stderr=True,
                                                tail=limit * 3, is_tty=False)
                    if not isinstance(raw, (bytes, str)):  # the SDK returns a stream of chunks
                        raw = b''.join(raw)
                    found = task_log_lines(raw, ids, limit)
                except Exception as exc:  # logs are a help, never the reason to fail differently
                    self.module.warn("Could not read the logs of service %s: %s" % (status['name'], to_native(exc)))
                    break
                logs.update(found)
                if not failed_ids or any(task_id in found for task_id in failed_ids) or attempt + 1 == LOG_ATTEMPTS:
                    break
                time.sleep(POLL_SECONDS)
        return logs

    def leftovers(self):
        """What of the stack still exists: its services, tasks (not orphaned ones) and networks."""
        left = []
        services = [s['Spec']['Name'] for s in self.services()]
        if services:
            left.append('services %s' % ', '.join(sorted(services)))
        # The engine deletes a removed service's tasks once their containers are gone; only tasks
        # of a node that is down stay behind, orphaned.
        tasks = [t for t in self.tasks() if task_state(t) != 'orphaned']
        if tasks:
            left.append('%d tasks' % len(tasks))
        networks = [n['Name'] for n in self.networks()]
        if networks:
            left.append('networks %s' % ', '.join(sorted(networks)))
        return left
