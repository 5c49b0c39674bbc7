#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright (c) dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
module: swarm_unlock
short_description: Unlock a locked swarm manager with the swarm's unlock key
description:
  - A manager of a swarm with autolock enabled comes up C(locked) after its engine restarts; it is still a
    member of the swarm, but it serves nothing until it is given the unlock key (C(docker swarm unlock)).
  - When the engine of the node the task runs on reports the swarm state C(locked), the module unlocks it with
    O(key) and waits until the node is C(active) again. On any other state it changes nothing.
  - The key is never part of the result, a failure message or the diff.
version_added: 0.1.0
author:
  - dockyard.swarm maintainers (@dockyard)
extends_documentation_fragment:
  - dockyard.swarm.docker
  - dockyard.swarm.docker.attributes
attributes:
  check_mode:
    support: full
    details:
      - On a locked node, reports a change and does nothing; the key is not tried, so a wrong key is only found
        outside check mode.
  diff_mode:
    support: full
    details:
      - The diff shows the node's swarm state before and after, never the key.
  idempotent:
    support: full
options:
  key:
    description:
      - The swarm's unlock key, as C(docker swarm unlock-key) prints it (C(SWMKEY-1-...)). Whitespace around it is
        ignored, so the content of a key file can be given as it is.
      - Keep it in a vault or a file only the operator can read; the module never prints it.
    type: str
    required: true
  wait_timeout:
    description:
      - How many seconds to wait, after the key was accepted, until the node reports the swarm state C(active).
      - Also how long to wait for it when the engine did not answer the unlock within O(timeout). The engine
        answers only once the node's swarm components have started, which on a busy manager can take longer;
        it goes on with the unlock, so the module waits for the node to become C(active) before it fails.
    type: int
    default: 60
seealso:
  - name: Lock your swarm to protect its encryption key
    description: Docker's documentation of autolock and unlock keys.
    link: https://docs.docker.com/engine/swarm/swarm_manager_locking/
"""

EXAMPLES = r"""
- name: Unlock the managers that came up locked after a restart
  dockyard.swarm.swarm_unlock:
    key: "{{ vault_swarm_unlock_key }}"
  become: true

- name: Unlock with the key kept in a file on the controller
  dockyard.swarm.swarm_unlock:
    key: "{{ lookup('ansible.builtin.file', 'secrets/swarm-unlock.key') }}"
  become: true
"""

RETURN = r"""
state_before:
  description: The node's swarm state (C(LocalNodeState) of C(docker info)) when the task started.
  returned: success
  type: str
  sample: locked
state:
  description:
    - The node's swarm state when the task ends; in check mode, V(active) for a node that would be unlocked.
  returned: success
  type: str
  sample: active
swarm:
  description:
    - The C(Swarm) section of C(docker info) when the task ends (node ID, cluster, managers), read once after the
      unlock, so that a caller needs no second read. In check mode, the section as it was found.
  returned: success
  type: dict
  sample: {LocalNodeState: active, NodeID: ygirq6a84w3d446j3jxif5gg7, ControlAvailable: true}
actions:
  description: What the task did (would do, in check mode), one line per change.
  returned: always
  type: list
  elements: str
  sample: [unlocked the swarm]
"""

import time

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_native

from ansible_collections.dockyard.swarm.plugins.module_utils._client import (
    APIError,
    ReadTimeout,
    connect,
    docker_argument_spec,
    engine_errors,
    node_name,
)
from ansible_collections.dockyard.swarm.plugins.module_utils._result import ChangeTracker


def local_state(info):
    return ((info or {}).get('Swarm') or {}).get('LocalNodeState') or 'inactive'


def without(text, secret):
    """The text with every occurrence of the secret masked, for messages built from engine answers."""
    text = to_native(text)
    return text.replace(secret, '********') if secret else text


class SwarmUnlockManager(object):

    def __init__(self, module, client, tracker):
        self.module = module
        self.client = client
        self.tracker = tracker
        self.key = (module.params['key'] or '').strip()

    def read(self):
        with engine_errors(self.module, 'reading the swarm state (docker info)'):
            info = self.client.info()
        return local_state(info), info.get('Name') or node_name(), info.get('Swarm') or {}

    def unlock(self, node):
        """True when the engine answered; False when it took longer than the connection's timeout."""
        try:
            self.client.api.unlock_swarm(self.key)
        except ReadTimeout:
            # The engine answers an unlock only once the node's swarm components have started, which on a
            # busy manager can take longer than the timeout; it goes on with it, so wait for the result.
            return False
        except APIError as exc:
            explanation = getattr(exc, 'explanation', None) or exc
            self.module.fail_json(
                msg='The swarm on %s stays locked: the engine refused the unlock key (%s). Give the key that '
                    '"docker swarm unlock-key" prints on an unlocked manager of this swarm (the newest one if it '
                    'was rotated).' % (node, without(explanation, self.key)))
        except Exception as exc:  # pylint: disable=broad-except
            self.module.fail_json(msg='While unlocking the swarm on %s: %s' % (node, without(exc, self.key)))
        return True

    def wait_active(self, node, answered=True):
        deadline = time.time() + self.module.params['wait_timeout']
        state = 'locked'
        while True:
            state, node, swarm = self.read()
            if state == 'active':
                return state, swarm
            if time.time() >= deadline:
                break
            time.sleep(0.5)
        if not answered:
            self.module.fail_json(
                msg='The engine on %s did not answer the unlock within %s seconds (timeout), and the node still '
                    'reports swarm state "%s" %s seconds later. A wrong key leaves it "locked". Check "docker info" '
                    'and the engine log there, then run again, or raise timeout and wait_timeout.'
                    % (node, self.module.params['timeout'], state, self.module.params['wait_timeout']))
        self.module.fail_json(
            msg='The unlock key was accepted on %s, but the node still reports swarm state "%s" after %s seconds. '
                'Check "docker info" and the engine log there, or raise wait_timeout.'
                % (node, state, self.module.params['wait_timeout']))

    def run(self):
        if not self.key:
            self.module.fail_json(msg='The unlock key is empty. Give the key that "docker swarm unlock-key" prints.')
        before, node, swarm = self.read()
        self.tracker.found(dict(state=before))
        after = before
        if before == 'locked':
            self.tracker.act('unlocked the swarm')
            if self.module.check_mode:
                after = 'active'
            else:
                answered = self.unlock(node)
                after, swarm = self.wait_active(node, answered)
            self.tracker.will_be(dict(state=after))
        return dict(state_before=before, state=after, swarm=swarm)


def main():
    module = AnsibleModule(
        argument_spec=docker_argument_spec(
            key=dict(type='str', required=True, no_log=True),
            wait_timeout=dict(type='int', default=60),
        ),
        supports_check_mode=True,
    )
    tracker = ChangeTracker(module)
    result = SwarmUnlockManager(module, connect(module), tracker).run()
    tracker.exit(**result)


if __name__ == '__main__':
    main()
