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
  - The module labels every service with a digest of the definition (C(dockyard.swarm.stack.digest)). When
    every service of the definition exists with that digest (and, with O(prune=true), no other service is
    in the stack), nothing is deployed and the task reports no change, so no service is updated.
  - Before deploying, the definition is checked with C(docker stack config) where the CLI has it; older CLIs
    (Docker 20.10) check the file against the compose schema in C(docker stack deploy) before they send
    anything to the engine. Either way a malformed definition fails with the CLI's message and the file name.
  - When a service does not converge within O(wait_timeout) seconds, when its update is paused by the engine,
    or when O(max_task_failures) of its tasks on the new definition failed, the task fails naming, per failing
    service, the task errors the engine reports, the nodes they ran on and the last lines of their logs.
    With O(rollback_on_failure=true) the failing services are first rolled back to their previous definition
    (C(docker service rollback)) and the module waits for that; it still fails, saying the previous version
    is serving.
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
    support: none
  idempotent:
    support: full
options:
  name:
    description:
      - The stack name.
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
      - Secrets, configs and volumes that other tasks made are referred to as external objects (see the
        C(dockyard.swarm.stack_compose) filter).
    type: dict
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
  max_task_failures:
    description:
      - Stop waiting and fail once a service has this many failed tasks on its new definition, instead of
        waiting for the timeout while the engine restarts them. V(0) waits for the timeout.
    type: int
    default: 3
  rollback_on_failure:
    description:
      - When the stack does not converge after a deploy, roll the failing services back to their previous
        definition, wait for that, and fail saying that the previous version is serving.
    type: bool
    default: false
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
  - Jobs (C(replicated-job), C(global-job)) are deployed but not waited for.
"""

EXAMPLES = r"""
- name: Deploy the web stack and wait until it runs
  dockyard.swarm.stack_deploy:
    name: web
    definition: "{{ lookup('ansible.builtin.template', 'web.yml.j2') | ansible.builtin.from_yaml }}"
    path: /etc/dockyard/stacks/web.yml
    source: web.yml.j2
    wait_timeout: 180
    rollback_on_failure: true
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
actions:
  description: What the task did (would do, in check mode).
  returned: always
  type: list
  elements: str
  sample: [deployed stack web]
"""

import hashlib
import json
import os
import tempfile
import time

try:
    import yaml
except ImportError:
    yaml = None

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_native, to_text

from ansible_collections.dockyard.swarm.plugins.module_utils._client import (
    connect,
    docker_argument_spec,
    engine_errors,
    require_swarm_manager,
)

NAMESPACE_LABEL = 'com.docker.stack.namespace'
DIGEST_LABEL = 'dockyard.swarm.stack.digest'
POLL_SECONDS = 1
FAILED_STATES = ('failed', 'rejected')
FAILED_UPDATES = ('paused', 'rollback_paused')
BUSY_UPDATES = ('updating', 'rollback_started')


# --- pure logic (unit tested) -------------------------------------------------------------

def definition_digest(definition):
    """sha256 of the definition in a canonical JSON form (sorted keys), hex."""
    text = json.dumps(definition, sort_keys=True, separators=(',', ':'), default=to_text)
    return hashlib.sha256(text.encode('utf-8')).hexdigest()


def with_digest_labels(definition, digest):
    """A copy of the definition whose services carry the digest as a service label (deploy.labels).

    Service labels are not part of the task template, so a changed digest alone restarts no task.
    """
    result = dict(definition)
    services = {}
    for name, service in (definition.get('services') or {}).items():
        service = dict(service or {})
        deploy = dict(service.get('deploy') or {})
        labels = deploy.get('labels') or {}
        if isinstance(labels, list):
            labels = dict((item.split('=', 1) + [''])[:2] for item in labels)
        labels = dict(labels)
        labels[DIGEST_LABEL] = digest
        deploy['labels'] = labels
        service['deploy'] = deploy
        services[name] = service
    result['services'] = services
    return result


def up_to_date(stack, definition, digest, current, prune):
    """Whether every service of the definition exists with the digest (and, with prune, nothing else does).

    current: service name -> service labels, for the services of the stack.
    """
    wanted = set('%s_%s' % (stack, name) for name in definition.get('services') or {})
    for name in wanted:
        if name not in current or (current[name] or {}).get(DIGEST_LABEL) != digest:
            return False
    return not prune or set(current) <= wanted


def same_spec(task_spec, template):
    """Whether a task was made from this task template (its container spec, placement and force counter)."""
    task_spec = task_spec or {}
    template = template or {}
    return all(task_spec.get(key) == template.get(key) for key in ('ContainerSpec', 'Placement', 'ForceUpdate'))


def container_labels(task):
    return ((task.get('Spec') or {}).get('ContainerSpec') or {}).get('Labels') or {}


def describe_task(task, node_names):
    status = task.get('Status') or {}
    node = node_names.get(task.get('NodeID'), task.get('NodeID') or 'no node')
    text = status.get('Err') or status.get('Message') or ''
    return dict(id=task.get('ID', ''), slot=task.get('Slot'), node=node, state=status.get('State', ''),
                error=text, timestamp=status.get('Timestamp', ''))


def service_status(service, tasks, node_names, max_failures, accept_rollback=False, rolling_back=False):
    """One service's state: converged, pending or failed, with its tasks and why.

    tasks: the service's tasks (docker task inspect). node_names: node ID -> host name.
    accept_rollback: a completed rollback is fine (the service runs what it declares now).
    rolling_back: a rollback was just requested, so a paused update is about to turn into it.
    """
    spec = service.get('Spec') or {}
    name = spec.get('Name') or service.get('ID', '')
    mode = spec.get('Mode') or {}
    template = spec.get('TaskTemplate') or {}
    update = service.get('UpdateStatus') or {}
    update_state = update.get('State') or ''
    result = dict(name=name, state='pending', running=0, desired=None, detail='', failed_tasks=[], stuck_tasks=[])
    if 'ReplicatedJob' in mode or 'GlobalJob' in mode:
        result.update(state='converged', detail='a job; not waited for')
        return result

    current = [t for t in tasks if same_spec(t.get('Spec'), template)]
    running = [t for t in current if t.get('DesiredState') == 'running'
               and (t.get('Status') or {}).get('State') == 'running']
    failed = [t for t in current if (t.get('Status') or {}).get('State') in FAILED_STATES]
    failed.sort(key=lambda t: (t.get('Status') or {}).get('Timestamp', ''), reverse=True)
    stuck = [t for t in tasks if t.get('DesiredState') == 'running' and (t.get('Status') or {}).get('State') != 'running']
    if 'Replicated' in mode:
        desired = (mode.get('Replicated') or {}).get('Replicas', 1)
    else:
        # A global service wants one task on every eligible node: the tasks the engine wants running,
        # or the manager's count of eligible nodes when it has not made all those tasks yet.
        desired = max(len([t for t in tasks if t.get('DesiredState') == 'running']),
                      (service.get('ServiceStatus') or {}).get('DesiredTasks') or 0)
    result.update(running=len(running), desired=desired,
                  failed_tasks=[describe_task(t, node_names) for t in failed],
                  stuck_tasks=[describe_task(t, node_names) for t in stuck])

    if rolling_back and update_state == 'paused':
        result['detail'] = 'waiting for the rollback to start'
    elif update_state in FAILED_UPDATES:
        result.update(state='failed', detail='update %s: %s' % (update_state, update.get('Message', '')))
    elif update_state == 'rollback_completed' and not accept_rollback:
        result.update(state='failed', detail='the engine rolled the update back: %s' % update.get('Message', ''))
    elif update_state in BUSY_UPDATES:
        result['detail'] = 'update %s' % update_state
    elif len(running) == desired and not stuck and not (desired == 0 and 'Global' in mode and failed):
        result.update(state='converged', detail='')
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
        lines.append('- %s: %s (%d of %s tasks running)'
                     % (status['name'], status['detail'] or status['state'], status['running'], status['desired']))
        shown = set()
        for task in (status['failed_tasks'][:3] + status['stuck_tasks'][:3]):
            if task['id'] in shown:
                continue
            shown.add(task['id'])
            lines.append('  task %s (slot %s) on node %s: %s: %s'
                         % (task['id'][:12], task['slot'], task['node'], task['state'], task['error'] or 'no error given'))
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


# --- the manager ----------------------------------------------------------------------------

class StackManager(object):

    def __init__(self, module, client):
        self.module = module
        self.client = client
        self.params = module.params
        self.name = self.params['name']
        self.actions = []

    def fail(self, msg, **extra):
        self.module.fail_json(msg=msg, actions=self.actions, **extra)

    # --- reading ----------------------------------------------------------------------------

    def services(self):
        # status=true (API 1.41) adds ServiceStatus, whose DesiredTasks counts a global service's
        # eligible nodes even before the engine has made a task for each; the SDK's list() has no
        # such parameter in the versions that distributions ship.
        api = self.client.api
        filters = json.dumps({'label': ['%s=%s' % (NAMESPACE_LABEL, self.name)]})
        with engine_errors(self.module, "listing the services of stack '%s'" % self.name):
            return api._result(api._get(api._url('/services'), params={'filters': filters, 'status': 'true'}), True)

    def networks(self):
        with engine_errors(self.module, "listing the networks of stack '%s'" % self.name):
            return self.client.api.networks(filters={'label': '%s=%s' % (NAMESPACE_LABEL, self.name)})

    def tasks(self, service_ids=None):
        with engine_errors(self.module, "listing the tasks of stack '%s'" % self.name):
            tasks = self.client.api.tasks()
        if service_ids is not None:
            return [t for t in tasks if t.get('ServiceID') in service_ids]
        return [t for t in tasks if container_labels(t).get(NAMESPACE_LABEL) == self.name]

    def node_names(self):
        with engine_errors(self.module, 'listing the swarm nodes'):
            nodes = self.client.api.nodes()
        return dict((n['ID'], (n.get('Description') or {}).get('Hostname') or n['ID']) for n in nodes)

    # --- the CLI -----------------------------------------------------------------------------

    def cli(self, args, check_rc=False):
        environ = {}
        if self.params.get('docker_host'):
            environ['DOCKER_HOST'] = self.params['docker_host']
        command = [self.params['docker_cli']] + args
        rc, out, err = self.module.run_command(command, environ_update=environ)
        if check_rc and rc != 0:
            self.fail("Stack '%s': %s failed (rc %d): %s" % (self.name, ' '.join(command), rc, (err or out).strip()))
        return rc, out, err

    def cli_has_stack_config(self):
        rc, out, err = self.cli(['stack', 'config', '--help'])
        return rc == 0 and 'stack config' in out

    def where(self, path):
        source = self.params.get('source')
        return '%s (rendered from %s)' % (path, source) if source else path

    def validate(self, path):
        if not self.cli_has_stack_config():
            return False
        rc, out, err = self.cli(['stack', 'config', '--compose-file', path])
        if rc != 0:
            self.fail("Stack '%s': the compose file %s is not valid: %s" % (self.name, self.where(path), (err or out).strip()))
        return True

    # --- present ----------------------------------------------------------------------------

    def write(self, definition, directory):
        if yaml is not None:
            text = yaml.safe_dump(definition, default_flow_style=False, sort_keys=True)
        else:
            text = json.dumps(definition, indent=2, sort_keys=True)  # JSON is YAML too
        fd, tmp = tempfile.mkstemp(prefix='.%s.' % self.name, suffix='.yml', dir=directory)
        with os.fdopen(fd, 'w') as handle:
            handle.write(text + '\n')
        os.chmod(tmp, 0o600)
        return tmp

    def present(self):
        definition = self.params['definition']
        if not isinstance(definition, dict) or not isinstance(definition.get('services'), dict):
            self.fail("Stack '%s': the definition must be a compose mapping with a 'services' mapping%s."
                      % (self.name, ' (from %s)' % self.params['source'] if self.params.get('source') else ''))
        digest = definition_digest(definition)
        services = self.services()
        current = dict((s['Spec']['Name'], s['Spec'].get('Labels') or {}) for s in services)
        deploy = not up_to_date(self.name, definition, digest, current, self.params['prune'])
        result = dict(digest=digest, deployed=deploy)
        existed = set(current)  # only services that existed before this deploy have a version to roll back to

        if deploy:
            path = None if self.module.check_mode else self.params.get('path')
            directory = os.path.dirname(path) if path else tempfile.gettempdir()
            if not os.path.isdir(directory):
                try:
                    os.makedirs(directory, 0o700)
                except OSError as exc:
                    self.fail("Stack '%s': cannot create the directory %s of path %s on the manager: %s. "
                              "Create it yourself, or choose another path."
                              % (self.name, directory, path, exc.strerror or exc))
                self.actions.append('created directory %s' % directory)
            tmp = self.write(with_digest_labels(definition, digest), directory)
            try:
                if self.module.check_mode:
                    self.validate(tmp)
                else:
                    target = tmp
                    if path:
                        os.rename(tmp, path)  # same directory: atomic, and keeps mode 0600
                        target = path
                    self.validate(target)
                    self.deploy(target)
            finally:
                if os.path.exists(tmp):
                    os.remove(tmp)
            self.actions.append('deployed stack %s' % self.name)

        if self.module.check_mode or not self.params['wait']:
            return result
        # Without a deploy the services run what they declare, even when that came from a rollback.
        statuses = self.wait_converged(definition, accept_rollback=not deploy)
        failing = [s for s in statuses if s['state'] != 'converged']
        if failing:
            self.report_failure(statuses, failing, deploy, existed, result)
        result['services'] = statuses
        return result

    def deploy(self, path):
        args = ['stack', 'deploy', '--compose-file', path]
        if self.params['prune']:
            args.append('--prune')
        if self.params['with_registry_auth']:
            args.append('--with-registry-auth')
        if self.params.get('resolve_image'):
            args += ['--resolve-image', self.params['resolve_image']]
        rc, out, err = self.cli(args + [self.name])
        if rc != 0:
            self.fail("Stack '%s': docker stack deploy refused the compose file %s: %s"
                      % (self.name, self.where(path), (err or out).strip()))

    def statuses(self, wanted, accept_rollback=False, rolling_back=False):
        services = [s for s in self.services() if wanted is None or s['Spec']['Name'] in wanted]
        tasks = self.tasks(set(s['ID'] for s in services))
        names = self.node_names()
        result = []
        for service in services:
            own = [t for t in tasks if t.get('ServiceID') == service['ID']]
            result.append(service_status(service, own, names, self.params['max_task_failures'],
                                         accept_rollback, rolling_back))
        missing = sorted(set(wanted or []) - set(s['name'] for s in result))
        for name in missing:
            result.append(dict(name=name, state='pending', running=0, desired=None, detail='service not created yet',
                               failed_tasks=[], stuck_tasks=[]))
        return sorted(result, key=lambda s: s['name'])

    def wait_for(self, wanted, accept_rollback=False, rolling_back=False):
        deadline = time.time() + self.params['wait_timeout']
        while True:
            statuses = self.statuses(wanted, accept_rollback, rolling_back)
            if all(s['state'] == 'converged' for s in statuses) or any(s['state'] == 'failed' for s in statuses) \
                    or time.time() >= deadline:
                return statuses
            time.sleep(POLL_SECONDS)

    def wait_converged(self, definition, accept_rollback):
        wanted = set('%s_%s' % (self.name, name) for name in definition['services'])
        return self.wait_for(wanted, accept_rollback)

    def logs(self, statuses):
        logs = {}
        limit = self.params['log_lines']
        if limit <= 0:
            return logs
        for status in statuses:
            ids = [t['id'] for t in status['failed_tasks'][:3] + status['stuck_tasks'][:3]]
            if not ids:
                continue
            try:
                raw = self.client.api.service_logs(status['name'], details=True, stdout=True, stderr=True,
                                                   tail=limit * 3, is_tty=False)
                logs.update(task_log_lines(raw, ids, limit))
            except Exception as exc:  # logs are a help, never the reason to fail differently
                self.module.warn("Could not read the logs of service %s: %s" % (status['name'], to_native(exc)))
        return logs

    def report_failure(self, statuses, failing, deployed, existed, result):
        timed_out = all(s['state'] != 'failed' for s in statuses)
        why = ('did not converge within %d s' % self.params['wait_timeout']) if timed_out else 'failed'
        msg = "Stack '%s' %s:\n%s" % (self.name, why, failure_report(statuses, self.logs(failing)))
        if not (deployed and self.params['rollback_on_failure']):
            self.fail(msg, services=statuses, **result)
        with_previous = [s['name'] for s in failing if s['name'] in existed]
        without = [s['name'] for s in failing if s['name'] not in existed]
        for name in with_previous:
            self.cli(['service', 'rollback', '--detach', name], check_rc=True)
            self.actions.append('rolled back service %s' % name)
        if with_previous:
            after = self.wait_for(set(with_previous), accept_rollback=True, rolling_back=True)
            bad = [s for s in after if s['state'] != 'converged']
            if bad:
                msg += ('\nRolled back %s, but the rollback did not converge either:\n%s'
                        % (', '.join(with_previous), failure_report(after, {})))
            else:
                msg += ('\nRolled back %s to the previous definition, which is serving again (%s).'
                        % (', '.join(with_previous),
                           ', '.join('%s: %d of %s tasks running' % (s['name'], s['running'], s['desired']) for s in after)))
        if without:
            msg += '\nNot rolled back (new services without a previous definition): %s.' % ', '.join(without)
        self.fail(msg, services=statuses, **result)

    # --- absent -----------------------------------------------------------------------------

    def absent(self):
        present = bool(self.services() or self.networks())
        if not present:
            return dict(deployed=False)
        self.actions.append('removed stack %s' % self.name)
        if self.module.check_mode:
            return dict(deployed=False)
        deadline = time.time() + self.params['wait_timeout']
        while True:
            rc, out, err = self.cli(['stack', 'rm', self.name])
            if not self.params['wait']:
                if rc != 0:
                    self.fail("Stack '%s': docker stack rm failed: %s" % (self.name, (err or out).strip()))
                return dict(deployed=False)
            left = self.leftovers()
            if not left:
                return dict(deployed=False)
            if time.time() >= deadline:
                self.fail("Stack '%s' was not gone within %d s: %s still exist. Last docker stack rm said: %s"
                          % (self.name, self.params['wait_timeout'], '; '.join(left), (err or out).strip()))
            time.sleep(POLL_SECONDS)

    def leftovers(self):
        left = []
        services = [s['Spec']['Name'] for s in self.services()]
        if services:
            left.append('services %s' % ', '.join(sorted(services)))
        # The engine deletes a removed service's tasks once their containers are gone; only tasks
        # of a node that is down stay behind, orphaned.
        tasks = [t for t in self.tasks() if (t.get('Status') or {}).get('State') != 'orphaned']
        if tasks:
            left.append('%d tasks' % len(tasks))
        networks = [n['Name'] for n in self.networks()]
        if networks:
            left.append('networks %s' % ', '.join(sorted(networks)))
        return left

    def run(self):
        require_swarm_manager(self.module, self.client, 'stacks')
        if self.params['state'] == 'absent':
            result = self.absent()
        else:
            result = self.present()
        result['actions'] = self.actions
        result['changed'] = bool(self.actions)
        return result


def main():
    module = AnsibleModule(
        argument_spec=docker_argument_spec(
            name=dict(type='str', required=True),
            state=dict(type='str', default='present', choices=['present', 'absent']),
            definition=dict(type='dict'),
            path=dict(type='path'),
            source=dict(type='str'),
            prune=dict(type='bool', default=False),
            with_registry_auth=dict(type='bool', default=False),
            resolve_image=dict(type='str', choices=['always', 'changed', 'never']),
            wait=dict(type='bool', default=True),
            wait_timeout=dict(type='int', default=300),
            max_task_failures=dict(type='int', default=3),
            rollback_on_failure=dict(type='bool', default=False),
            log_lines=dict(type='int', default=20),
            docker_cli=dict(type='path', default='docker'),
        ),
        required_if=[('state', 'present', ['definition'])],
        supports_check_mode=True,
    )
    result = StackManager(module, connect(module)).run()
    module.exit_json(**result)


if __name__ == '__main__':
    main()
