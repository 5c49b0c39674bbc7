#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright (c) dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
module: stack_deploy
short_description: Deploy a swarm stack only when its definition changed, and wait until it really runs
description:
  - Deploys a compose definition as a swarm stack with C(docker stack deploy) on a swarm manager, then waits
    until every service of the stack runs its desired number of tasks on the new definition and its update is
    complete. Runs only on a swarm manager, which needs the C(docker) CLI and the Docker SDK for Python.
  - The module labels every service with a digest of the definition (C(dockyard.swarm.stack.digest)), and
    compares what the definition sets with what every service runs (its mode and replicas, image (without the
    digest the CLI pins), environment, command, entrypoint, service and container labels, user, working
    directory, hostname, stop signal and grace period, read-only, tty, init, resource limits and reservations,
    and placement constraints). When every service of the definition exists with that digest and runs what the
    definition sets (and, with O(prune=true), no other service is in the stack), nothing is deployed and the
    task reports no change, so no service is updated.
  - A service changed outside the definition (for example scaled with C(docker service scale) or rolled back)
    is deployed again; the task reports which services differed and in which fields (values are shown for the
    image, mode and replicas only; other fields are named, never shown, as they may carry secrets).
  - Before deploying, the definition is checked with C(docker stack config) where the CLI has it; older CLIs
    (Docker 20.10) check the file against the compose schema in C(docker stack deploy) before they send
    anything to the engine. Either way a malformed definition fails with the CLI's message and the file name.
  - When a service does not converge within O(wait_timeout) seconds, when its update is paused by the engine,
    or when O(max_task_failures) of its tasks on the new definition failed, the task fails naming, per failing
    service, the task errors the engine reports, the nodes they ran on and the last lines of their logs.
    Only the tasks of a service that fail while the task runs count; failures the engine kept from before
    (for example while a node rejoined the swarm) do not, so a run that changes nothing is not failed by
    history. A job's failed run counts, since a job does not start again by itself.
    O(rollback) says what happens to the services before the task fails.
  - Jobs (C(replicated-job), C(global-job)) are waited for until their run completed (as many succeeded tasks
    as the job's total completions, or one per eligible node); failed job tasks are reported like other task
    errors. A replicated service with C(replicas) set to 0 converges at once.
  - O(state=absent) removes the stack (C(docker stack rm)) and waits until its services, tasks and networks
    are gone. Secrets, configs and volumes made outside the stack are not touched.
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
      - Compares the digests and reports whether the stack would be deployed or removed; checks the definition
        with C(docker stack config) when the CLI has it. Deploys, removes and waits for nothing.
  diff_mode:
    support: full
    details:
      - Per service, the digest, image, mode and replicas before and after. Other values of the definition (its
        environment, commands, labels) never appear in the diff.
  idempotent:
    support: full
options:
  name:
    description:
      - The stack name. It has letters and digits, with C(-) and C(_) only between them, and at most 61 characters
        (its services are named C(<stack>_<service>)). Another name fails before anything is read or changed.
    type: str
    required: true
  state:
    description:
      - V(present) deploys the definition when it changed, then waits for the stack to converge.
      - V(absent) removes the stack and waits until its services, tasks and networks are gone.
    type: str
    choices: [present, absent]
    default: present
  definition:
    description:
      - The compose definition, as a mapping. Required when O(state=present).
      - It is never printed (the option is C(no_log)); values of its services' C(environment) are also masked
        in any output, such as the log lines of a failing task.
      - Secrets, configs and volumes that other tasks made are referred to as external objects (see the
        C(dockyard.swarm.stack_compose) filter).
    type: dict
  masked_values:
    description:
      - Further values to mask in any output, such as the data of the secrets that the stack's services get. The
        log lines of a failing task are part of the failure report, and a service that prints its secret would
        otherwise show it there. Each value is masked whole and line by line.
      - The C(dockyard.swarm.stack) role passes the data of the stack's secrets.
      - It is never printed (the option is C(no_log)).
    type: list
    elements: str
    version_added: 0.1.0
  path:
    description:
      - Where to write the compose file that is deployed, on the manager; the file is written only when the
        stack is deployed, with mode C(0600). It contains the digest labels.
      - Its directory is created with mode C(0700) when it does not exist.
      - When not set, a temporary file is used and removed afterwards.
    type: path
  source:
    description:
      - Where the definition came from (a template or file name), named in error messages.
    type: str
  prune:
    description:
      - Remove services of the stack that the definition no longer has (C(docker stack deploy --prune)).
    type: bool
    default: false
  with_registry_auth:
    description:
      - Send the registry credentials of the manager to the nodes (C(docker stack deploy --with-registry-auth)).
    type: bool
    default: false
  resolve_image:
    description:
      - Whether the CLI asks the registry for the digest and platforms of each image (C(--resolve-image)).
      - When not set, the CLI's default (V(always)) applies.
    type: str
    choices: [always, changed, never]
  wait:
    description:
      - Wait until the stack converged (O(state=present)) or is gone (O(state=absent)).
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds to wait.
    type: int
    default: 300
  settle_time:
    description:
      - How many seconds a task must have been running before it counts as running, so that a task caught
        between its start and its crash does not make a crash-looping service look converged (the
        C(docker service) commands wait 5 seconds in the same way).
      - A task that was already running before the task started (the engine's time of its state says so)
        counts at once, so a run that changes nothing does not wait.
      - V(0) counts a task as soon as the engine says it runs.
    type: int
    default: 5
  max_task_failures:
    description:
      - Stop waiting and fail once a service has this many failed tasks on its new definition, instead of
        waiting for the timeout while the engine restarts them. V(0) waits for the timeout.
      - Only the failures of this task count. Tasks that had failed before it started (the engine keeps
        a short history) do not, except for a job, whose failed run does not start again by itself.
    type: int
    default: 3
  rollback:
    description:
      - What to roll back when the stack does not converge after a deploy. The task fails in every case.
      - V(none) rolls nothing back.
      - V(failed) rolls the failing services back to their previous definition (C(docker service rollback)), waits
        for that, and fails saying that the previous version is serving.
      - V(stack) treats the stack as one release; when any service fails, every service that this deploy changed
        goes back to its previous definition (services this deploy created are removed), and the module waits
        for that.
      - A service that already runs the definition it had before this deploy (for example because its own
        C(update_config.failure_action) is C(rollback)) is left alone, so a rollback is never undone by a second one.
    type: str
    choices: [none, failed, stack]
    default: none
  rollback_on_failure:
    description:
      - The older spelling of O(rollback=failed). V(true) is O(rollback=failed); V(false) is O(rollback=none).
      - Setting it together with a O(rollback) that says otherwise (for example V(false) with O(rollback=stack))
        is an error.
    type: bool
  log_lines:
    description:
      - How many of the last log lines of each failing task to show in the failure message.
    type: int
    default: 20
  docker_cli:
    description:
      - The C(docker) command on the manager.
    type: path
    default: docker
seealso:
  - module: community.docker.docker_stack
  - module: dockyard.swarm.secret
  - module: dockyard.swarm.bind_volume
notes:
  - Jobs in a compose file need a C(docker) CLI that deploys them (Docker 23 or later); Docker 20.10's CLI
    refuses the C(replicated-job) and C(global-job) modes.
"""

EXAMPLES = r"""
- name: Deploy the web stack and wait until it runs
  dockyard.swarm.stack_deploy:
    name: web
    definition: "{{ lookup('ansible.builtin.template', 'web.yml.j2') | ansible.builtin.from_yaml }}"
    path: /etc/dockyard/stacks/web.yml
    source: web.yml.j2
    wait_timeout: 180
    rollback: stack
  run_once: true
  delegate_to: "{{ groups['swarm_managers'][0] }}"

- name: Remove the web stack
  dockyard.swarm.stack_deploy:
    name: web
    state: absent
"""

RETURN = r"""
digest:
  description: The digest of the definition that the services carry.
  returned: success and O(state=present)
  type: str
  sample: 9f2c0a8c0d6c2b5f1e0f8a3b2c1d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d
deployed:
  description: Whether the definition was deployed (would be, in check mode).
  returned: always
  type: bool
services:
  description: Per service of the stack, its state when the task ended.
  returned: when the module waited
  type: list
  elements: dict
  sample:
    - {name: web_web, state: converged, running: 3, desired: 3, detail: ''}
drift:
  description:
    - Per service that runs something other than what the definition sets, the fields that differ (values only
      for image, mode and replicas). The stack is deployed again when this is not empty.
  returned: success and O(state=present)
  type: dict
  sample: {web_web: ['replicas 3, definition says 2', 'environment (LOG_LEVEL)']}
actions:
  description: What the task did (would do, in check mode).
  returned: always
  type: list
  elements: str
  sample: ['service web_web differs from the definition: replicas 3, definition says 2', deployed stack web]
"""

import time

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.swarm.plugins.module_utils._client import (
    connect,
    docker_argument_spec,
    require_swarm_manager,
)
from ansible_collections.dockyard.swarm.plugins.module_utils._names import stack_name_problem
from ansible_collections.dockyard.swarm.plugins.module_utils._result import ChangeTracker
from ansible_collections.dockyard.swarm.plugins.module_utils._stack_cli import StackCli
from ansible_collections.dockyard.swarm.plugins.module_utils._stack_spec import (
    definition_digest,
    deploy_plan,
    images_kept,
    rollback_plan,
    secret_values,
    summary,
    with_digest_labels,
)
from ansible_collections.dockyard.swarm.plugins.module_utils._stack_wait import (
    POLL_SECONDS,
    StackWatcher,
    failure_report,
)


def rollback_scope(rollback, rollback_on_failure):
    """The rollback to do, from the option and its older spelling; (scope, error message or None)."""
    if rollback_on_failure is None:
        return rollback, None
    if rollback_on_failure and rollback in ('none', 'failed'):
        return 'failed', None
    if not rollback_on_failure and rollback == 'none':
        return 'none', None
    return None, ('rollback_on_failure=%s and rollback=%s disagree: rollback_on_failure=true is the older spelling '
                  'of rollback=failed. Set only rollback (none, failed or stack).' % (str(rollback_on_failure).lower(), rollback))


class StackManager(object):

    def __init__(self, module, client, definition):
        self.module = module
        self.params = module.params
        self.name = self.params['name']
        self.definition = definition
        self.tracker = ChangeTracker(module)
        self.watcher = StackWatcher(module, client, self.name)
        self.cli = StackCli(module, self.name, self.fail)
        self.client = client

    def fail(self, msg, **extra):
        self.module.fail_json(msg=msg, changed=self.tracker.changed, actions=self.tracker.actions, **extra)

    def present(self):
        definition = self.definition
        if not isinstance(definition, dict) or not isinstance(definition.get('services'), dict):
            self.fail("Stack '%s': the definition must be a compose mapping with a 'services' mapping%s."
                      % (self.name, ' (from %s)' % self.params['source'] if self.params.get('source') else ''))
        digest = definition_digest(definition)
        if self.params['wait'] and not self.module.check_mode:
            self.watcher.note_earlier_failures()
        before = self.watcher.specs()
        outdated, drifted, wanted = deploy_plan(self.name, definition, digest, before, self.params['prune'])
        deploy = bool(outdated or drifted)
        self.tracker.found(dict(services=summary(before)))
        result = dict(digest=digest, deployed=deploy, drift=drifted)
        if deploy:
            self.tracker.will_be(dict(services=wanted))
            for name, fields in sorted(drifted.items()):
                self.tracker.act('service %s differs from the definition: %s' % (name, '; '.join(fields)))
            self.cli.deploy_definition(with_digest_labels(definition, digest), self.tracker.act)
            self.tracker.act('deployed stack %s' % self.name)
            if not self.module.check_mode and drifted:
                self.reset_images()

        if self.module.check_mode or not self.params['wait']:
            return result
        wanted = set('%s_%s' % (self.name, name) for name in definition['services'])
        # Without a deploy the services run what they declare, even when that came from a rollback.
        statuses = self.watcher.wait_for(wanted, accept_rollback=not deploy)
        failing = [s for s in statuses if s['state'] != 'converged']
        if failing:
            self.report_failure(statuses, failing, deploy, before, result)
        result['services'] = statuses
        return result

    def reset_images(self):
        """Give back the definition's image to services whose image the deploy kept (see images_kept)."""
        for name, image in sorted(images_kept(self.name, self.definition, self.watcher.specs()).items()):
            self.cli.set_image(name, image)
            self.tracker.act('set the image of service %s back to %s' % (name, image))

    def report_failure(self, statuses, failing, deployed, before, result):
        timed_out = all(s['state'] != 'failed' for s in statuses)
        why = ('did not converge within %d s' % self.params['wait_timeout']) if timed_out else 'failed'
        msg = "Stack '%s' %s:\n%s" % (self.name, why, failure_report(statuses, self.watcher.logs(failing)))
        scope = self.params['rollback']
        if not deployed or scope == 'none':
            self.fail(msg, services=statuses, **result)
        failing_names = [s['name'] for s in failing]
        roll, remove = rollback_plan(before, self.watcher.specs(), failing_names, scope)
        for name in roll:
            self.cli.rollback_service(name)
            self.tracker.act('rolled back service %s' % name)
        for name in remove:
            self.cli.remove_service(name)
            self.tracker.act('removed service %s, which this deploy created' % name)
        if roll:
            after = self.watcher.wait_for(set(roll), accept_rollback=True, rolling_back=True)
            if any(s['state'] != 'converged' for s in after):
                msg += ('\nRolled back %s, but the rollback did not converge either:\n%s'
                        % (', '.join(roll), failure_report(after, {})))
            else:
                msg += ('\nRolled back %s to the previous definition, which is serving again (%s).'
                        % (', '.join(roll), ', '.join('%s: %d of %s tasks running' % (s['name'], s['running'], s['desired'])
                                                      for s in after)))
        if remove:
            left = self.watcher.wait_removed(remove)
            msg += '\nRemoved %s, which this deploy created%s.' % (
                ', '.join(remove), (' (still there: %s)' % ', '.join(left)) if left else '')
        untouched = [n for n in failing_names if n not in roll and n not in remove]
        new = [n for n in untouched if n not in before]
        if new:
            msg += '\nNot rolled back (new services without a previous definition): %s.' % ', '.join(new)
        if [n for n in untouched if n in before]:
            msg += ('\nNot rolled back (they run the definition they had before this deploy already): %s.'
                    % ', '.join(n for n in untouched if n in before))
        self.fail(msg, services=statuses, **result)

    def absent(self):
        found = summary(self.watcher.specs())
        self.tracker.found(dict(services=found))
        self.tracker.will_be(dict(services={}))
        if not (found or self.watcher.networks()):
            return dict(deployed=False)
        self.tracker.act('removed stack %s' % self.name)
        if self.module.check_mode:
            return dict(deployed=False)
        deadline = time.time() + self.params['wait_timeout']
        while True:
            rc, out, err = self.cli.remove()
            if not self.params['wait']:
                if rc != 0:
                    self.fail("Stack '%s': docker stack rm failed: %s" % (self.name, (err or out).strip()))
                return dict(deployed=False)
            left = self.watcher.leftovers()
            if not left:
                return dict(deployed=False)
            if time.time() >= deadline:
                self.fail("Stack '%s' was not gone within %d s: %s still exist. Last docker stack rm said: %s"
                          % (self.name, self.params['wait_timeout'], '; '.join(left), (err or out).strip()))
            time.sleep(POLL_SECONDS)

    def run(self):
        # An empty name would select every stack's services by the namespace label.
        problem = stack_name_problem(self.name)
        if problem:
            self.fail("Stack '%s': the name is not valid: %s. Give a stack name that Docker accepts, such as shop."
                      % (self.name, problem))
        require_swarm_manager(self.module, self.client, 'stacks')
        result = self.absent() if self.params['state'] == 'absent' else self.present()
        self.tracker.exit(**result)


def main():
    module = AnsibleModule(
        argument_spec=docker_argument_spec(
            name=dict(type='str', required=True),
            state=dict(type='str', default='present', choices=['present', 'absent']),
            definition=dict(type='dict', no_log=True),
            masked_values=dict(type='list', elements='str', no_log=True),
            path=dict(type='path'),
            source=dict(type='str'),
            prune=dict(type='bool', default=False),
            with_registry_auth=dict(type='bool', default=False),
            resolve_image=dict(type='str', choices=['always', 'changed', 'never']),
            wait=dict(type='bool', default=True),
            wait_timeout=dict(type='int', default=300),
            max_task_failures=dict(type='int', default=3),
            settle_time=dict(type='int', default=5),
            rollback=dict(type='str', default='none', choices=['none', 'failed', 'stack']),
            rollback_on_failure=dict(type='bool'),
            log_lines=dict(type='int', default=20),
            docker_cli=dict(type='path', default='docker'),
        ),
        required_if=[('state', 'present', ['definition'])],
        supports_check_mode=True,
    )
    definition = module.params['definition']
    # Ansible would mask every value of the definition (image names, "3", "8080") in every message;
    # mask the values that carry secrets (the environment's), and keep the definition out of the
    # invocation that -vvv prints.
    module.no_log_values = secret_values(definition, module.params['masked_values'])
    module.params['definition'] = 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER' if definition is not None else None
    scope, problem = rollback_scope(module.params['rollback'], module.params['rollback_on_failure'])
    if problem:
        module.fail_json(msg=problem)
    module.params['rollback'] = scope
    StackManager(module, connect(module), definition).run()


if __name__ == '__main__':
    main()
