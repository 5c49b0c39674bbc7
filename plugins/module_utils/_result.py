# -*- coding: utf-8 -*-

# Copyright (c) dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The result shape every module of this collection returns: changed, actions and a diff.

Private to this collection: the names here may change without notice.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy


class ChangeTracker(object):
    """Collects what a module did (or, in check mode, would do) and the before/after state.

    `before` is recorded once, from what was found; `after` is what is (or would be) there
    when the module ends. The diff is only returned when the task runs in diff mode.
    """

    def __init__(self, module):
        self.module = module
        self.actions = []
        self.before = None
        self.after = None

    @property
    def changed(self):
        return bool(self.actions)

    def act(self, action):
        """Record one change, e.g. "created volume data"; any action makes the task changed."""
        self.actions.append(action)

    def found(self, state):
        self.before = copy.deepcopy(state)
        if self.after is None:
            self.after = copy.deepcopy(state)

    def will_be(self, state):
        self.after = copy.deepcopy(state)

    def result(self, **values):
        result = dict(changed=self.changed, actions=list(self.actions))
        result.update(values)
        if self.module._diff:
            result['diff'] = dict(before=self.before or {}, after=self.after or {})
        return result

    def exit(self, **values):
        self.module.exit_json(**self.result(**values))
