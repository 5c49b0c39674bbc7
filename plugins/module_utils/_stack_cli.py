# -*- coding: utf-8 -*-

# Copyright (c) dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The docker CLI calls of a stack deploy: the compose file is turned into services by the CLI only.

Private to this collection: the names here may change without notice.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import tempfile

try:
    import yaml
except ImportError:
    yaml = None


class StackCli(object):
    """`docker stack ...` and `docker service ...` for one stack, failing with the CLI's own message."""

    def __init__(self, module, stack, fail=None):
        self.module = module
        self.stack = stack
        self.params = module.params
        # The caller's fail, so that a failure also reports what was done before it.
        self.fail = fail or (lambda msg: module.fail_json(msg=msg))

    def run(self, args):
        environ = {}
        if self.params.get('docker_host'):
            environ['DOCKER_HOST'] = self.params['docker_host']
        return self.module.run_command([self.params['docker_cli']] + args, environ_update=environ)

    def check(self, args, what):
        """Run and fail_json when the CLI fails; `what` says what was done, for the message."""
        rc, out, err = self.run(args)
        if rc != 0:
            self.fail("Stack '%s': %s failed (rc %d): %s" % (self.stack, what, rc, (err or out).strip()))
        return out

    def where(self, path):
        source = self.params.get('source')
        return '%s (rendered from %s)' % (path, source) if source else path

    def has_stack_config(self):
        rc, out, err = self.run(['stack', 'config', '--help'])
        return rc == 0 and 'stack config' in out

    def validate(self, path):
        """Check the compose file with `docker stack config` where the CLI has it; whether it could."""
        if not self.has_stack_config():
            return False
        rc, out, err = self.run(['stack', 'config', '--compose-file', path])
        if rc != 0:
            self.fail("Stack '%s': the compose file %s is not valid: %s"
                      % (self.stack, self.where(path), (err or out).strip()))
        return True

    def write(self, definition, directory):
        """The definition as a compose file of mode 0600 in directory, under a temporary name."""
        if yaml is not None:
            text = yaml.safe_dump(definition, default_flow_style=False, sort_keys=True)
        else:
            text = json.dumps(definition, indent=2, sort_keys=True)  # JSON is YAML too
        fd, tmp = tempfile.mkstemp(prefix='.%s.' % self.stack, suffix='.yml', dir=directory)
        with os.fdopen(fd, 'w') as handle:
            handle.write(text + '\n')
        os.chmod(tmp, 0o600)
        return tmp

    def deploy_definition(self, definition, act):
        """Write the compose file (to the path option, or a temporary file), validate and deploy it.

        In check mode it is validated from a temporary file only. act records a change (a directory made).
        """
        path = None if self.module.check_mode else self.params.get('path')
        directory = os.path.dirname(path) if path else tempfile.gettempdir()
        if not os.path.isdir(directory):
            try:
                os.makedirs(directory, 0o700)
            except OSError as exc:
                self.fail("Stack '%s': cannot create the directory %s of path %s on the manager: %s. "
                          "Create it yourself, or choose another path." % (self.stack, directory, path, exc.strerror or exc))
            act('created directory %s' % directory)
        tmp = self.write(definition, directory)
        try:
            target = tmp
            if path:
                os.rename(tmp, path)  # same directory: atomic, and keeps mode 0600
                target = path
            self.validate(target)
            if not self.module.check_mode:
                self.deploy(target)
        finally:
            if os.path.exists(tmp):
                os.remove(tmp)

    def deploy(self, path):
        args = ['stack', 'deploy', '--compose-file', path]
        # The module waits itself (the CLI's own wait hangs on jobs); newer CLIs may wait by default.
        rc, out, err = self.run(['stack', 'deploy', '--help'])
        if '--detach' in out:
            args.append('--detach=true')
        if self.params['prune']:
            args.append('--prune')
        if self.params['with_registry_auth']:
            args.append('--with-registry-auth')
        if self.params.get('resolve_image'):
            args += ['--resolve-image', self.params['resolve_image']]
        rc, out, err = self.run(args + [self.stack])
        if rc != 0:
            self.fail("Stack '%s': docker stack deploy refused the compose file %s: %s"
                      % (self.stack, self.where(path), (err or out).strip()))

    def remove(self):
        return self.run(['stack', 'rm', self.stack])

    def rollback_service(self, name):
        self.check(['service', 'rollback', '--detach', name], 'docker service rollback %s' % name)

    def set_image(self, name, image):
        """Set one service's image, with the deploy's registry options; the module waits itself."""
        args = ['service', 'update', '--detach', '--image', image]
        if self.params['with_registry_auth']:
            args.append('--with-registry-auth')
        if self.params.get('resolve_image') == 'never':
            args.append('--no-resolve-image')
        self.check(args + [name], 'docker service update --image %s %s' % (image, name))

    def remove_service(self, name):
        self.check(['service', 'rm', name], 'docker service rm %s' % name)
