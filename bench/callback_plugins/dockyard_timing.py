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
  - Writes the times, the per-host recap and the run's total to the file named by E(DOCKYARD_TIMING_FILE).
requirements:
  - enable in configuration (callbacks_enabled)
"""

import json
import os
import time

from ansible.plugins.callback import CallbackBase


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
        self.current = dict(role=role or 'play: %s' % self.play, task=task.get_name(), _start=time.time())

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
            role = roles.setdefault(entry['role'], dict(seconds=0.0, tasks=0))
            role['seconds'] = round(role['seconds'] + entry['seconds'], 3)
            role['tasks'] += 1
        hosts = dict((host, stats.summarize(host)) for host in sorted(stats.processed))
        result = dict(
            seconds=round(time.time() - self.started, 3),
            roles=roles,
            tasks=self.tasks,
            hosts=hosts,
            changed=sum(h['changed'] for h in hosts.values()),
            failed=sum(h['failures'] + h['unreachable'] for h in hosts.values()),
        )
        if self.path:
            with open(self.path, 'w') as out:
                json.dump(result, out, indent=2)
