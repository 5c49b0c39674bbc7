# -*- coding: utf-8 -*-
# Copyright: dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Record how long each role and task of a playbook run took, as JSON, for make bench."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: dockyard_timing
type: aggregate
short_description: Write the time of each role and task of a run to a JSON file
description:
  - Times each task from its start to the start of the next one (or the end of the run), as the play runs
    it on all its hosts, and adds the times up per role. Tasks outside roles count under the play's name.
  - Counts the remote calls, the module runs on a managed host (each loop item is one), and the rounds of them
    that one host had to wait for (per task, the most calls any one host made). Tasks that only run on the
    controller (set_fact, debug, assert, includes, anything delegated to localhost) and skipped ones do not count.
  - Writes the times, the calls, the per-host recap and the run's total to the file named by
    E(DOCKYARD_TIMING_FILE).
requirements:
  - enable in configuration (callbacks_enabled)
"""

import json
import os
import time

from ansible.plugins.callback import CallbackBase

# Actions that run on the controller only.
LOCAL_ACTIONS = frozenset((
    'add_host', 'assert', 'debug', 'fail', 'group_by', 'import_role', 'import_tasks', 'include',
    'include_role', 'include_tasks', 'include_vars', 'meta', 'pause', 'set_fact', 'set_stats',
    'validate_argument_spec'))
LOCAL_HOSTS = frozenset(('localhost', '127.0.0.1'))


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'dockyard_timing'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super(CallbackModule, self).__init__()
        self.path = os.environ.get('DOCKYARD_TIMING_FILE')
        self.started = time.time()
        self.play = ''
        self.tasks = []
        self.current = None

    def _close(self):
        if self.current is not None:
            self.current['seconds'] = round(time.time() - self.current.pop('_start'), 3)
            self.tasks.append(self.current)
            self.current = None

    def _start(self, task):
        self._close()
        role = task._role.get_name(include_role_fqcn=False) if task._role else None
        self.current = dict(role=role or 'play: %s' % self.play, task=task.get_name(), _start=time.time(),
                            calls=0, rounds=0)

    def _count(self, result):
        """Count the module runs of one host's result of the current task."""
        task = result._task
        action = task.action.rsplit('.', 1)[-1]
        if self.current is None or action in LOCAL_ACTIONS or task.delegate_to in LOCAL_HOSTS:
            return
        items = result._result.get('results')
        if isinstance(items, list):
            calls = len([item for item in items if isinstance(item, dict) and not item.get('skipped')])
        else:
            calls = 0 if result._result.get('skipped') else 1
        self.current['calls'] += calls
        self.current['rounds'] = max(self.current['rounds'], calls)

    def v2_runner_on_ok(self, result):
        self._count(result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._count(result)

    def v2_runner_on_unreachable(self, result):
        self._count(result)

    def v2_playbook_on_play_start(self, play):
        self._close()
        self.play = play.get_name().strip()

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._start(task)

    def v2_playbook_on_handler_task_start(self, task):
        self._start(task)

    def v2_playbook_on_stats(self, stats):
        self._close()
        roles = {}
        for entry in self.tasks:
            role = roles.setdefault(entry['role'], dict(seconds=0.0, tasks=0, calls=0, rounds=0))
            role['seconds'] = round(role['seconds'] + entry['seconds'], 3)
            role['tasks'] += 1
            role['calls'] += entry['calls']
            role['rounds'] += entry['rounds']
        hosts = dict((host, stats.summarize(host)) for host in sorted(stats.processed))
        result = dict(
            seconds=round(time.time() - self.started, 3),
            roles=roles,
            tasks=self.tasks,
            calls=sum(entry['calls'] for entry in self.tasks),
            rounds=sum(entry['rounds'] for entry in self.tasks),
            hosts=hosts,
            changed=sum(h['changed'] for h in hosts.values()),
            failed=sum(h['failures'] + h['unreachable'] for h in hosts.values()),
        )
        if self.path:
            with open(self.path, 'w') as out:
                json.dump(result, out, indent=2)
