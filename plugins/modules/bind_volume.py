#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright (c) dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
module: bind_volume
short_description: Manage a local Docker volume bound to a host directory, and the directory
description:
  - Makes sure that a host directory exists, with the wanted owner, group and mode, and that a local
    volume bound to it exists (the equivalent of C(docker volume create --driver local --opt type=none
    --opt o=bind --opt device=<path>)).
  - A volume's options can never change. An existing volume that differs from the task (another
    directory, not a bind, other labels) makes the task fail and name what differs, or, with
    O(recreate=if_unused), is recreated when no container uses it.
  - The data in the directory is never touched, not even when the volume is removed or recreated.
  - Volumes belong to one engine, so this module works on any node, swarm manager or not.
version_added: 0.1.0
author:
  - dockyard.swarm maintainers (@dockyard)
extends_documentation_fragment:
  - dockyard.swarm.docker
  - dockyard.swarm.docker.attributes
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
    details:
      - The diff shows the directory (state, owner, group, mode) and the volume (driver, options, labels).
  idempotent:
    support: full
options:
  name:
    description:
      - The name of the volume.
      - Docker's rules for local volume names apply - at least two characters, letters, digits, C(_), C(.) and C(-),
        starting with a letter or a digit. Other names fail before anything is changed.
    type: str
    required: true
  path:
    description:
      - The absolute path of the host directory that the volume binds.
      - Required when O(state=present).
      - A path that is, or goes through, a symbolic link is resolved on the node. The directory it leads to is the one
        created, given O(owner), O(group) and O(mode), and bound by the volume; the link itself is left as it is.
        RV(directory.path) returns that real path.
      - Refused, on every node and in check mode too, before anything is changed (after normalising, so
        C(/srv/..) is C(/), and after resolving links) - C(/); the system directories C(/etc), C(/home), C(/media),
        C(/mnt), C(/opt), C(/root), C(/run), C(/srv), C(/tmp), C(/var) and C(/var/cache), C(/var/lib), C(/var/log),
        C(/var/spool), C(/var/tmp) themselves; C(/bin), C(/boot), C(/dev), C(/lib*), C(/proc), C(/sbin), C(/sys),
        C(/usr) and everything below them; Docker's data directory (C(/var/lib/docker) and the engine's
        C(DockerRootDir)), everything below it and every directory that holds it. Use a directory of its own,
        such as C(/srv/<name>).
    type: path
  state:
    description:
      - V(present) makes sure that the directory and the volume exist as described.
      - V(absent) removes the volume, never the directory nor its data. It fails while a container uses the
        volume, and it refuses to remove a volume that is not a bind volume (removing that would delete its data).
    type: str
    choices: [present, absent]
    default: present
  create_path:
    description:
      - Create the directory (and its parents) when it is missing.
      - When V(false), a missing directory makes the task fail.
    type: bool
    default: true
  owner:
    description:
      - The user (name or uid) that should own the directory.
    type: str
  group:
    description:
      - The group (name or gid) that should own the directory.
    type: str
  mode:
    description:
      - The permissions of the directory, as an octal string (V('0750')) or in symbolic form (V(u=rwx,g=rx,o=)).
      - Quote octal numbers so that YAML keeps them as they are written.
    type: raw
  labels:
    description:
      - Labels of the volume.
      - When given, the volume's labels must be exactly these; when not given, labels are not compared.
    type: dict
  recreate:
    description:
      - What to do with an existing volume that differs from the task.
      - V(never) fails and names what differs.
      - V(if_unused) removes and creates the volume again when no container uses it; when one does, the task
        fails and names the containers. Only bind volumes are recreated, as removing any other volume would
        delete its data, so the task fails instead.
    type: str
    choices: [never, if_unused]
    default: never
  swarm_nodes:
    description:
      - The swarm nodes that should have this volume, by node ID or hostname, such as the nodes where the
        services that mount it may run.
      - On a node that is not one of them the module changes nothing, whatever O(state) says, and returns
        RV(placed=false). That lets one task run on every host of a swarm.
      - When not given, the volume is managed on every node the task runs on.
    type: list
    elements: str
    version_added: 0.1.0
seealso:
  - module: community.docker.docker_volume
  - module: ansible.builtin.file
"""

EXAMPLES = r"""
- name: Keep the database files in /srv/pgdata, owned by the container's user
  dockyard.swarm.bind_volume:
    name: pgdata
    path: /srv/pgdata
    owner: "999"
    group: "999"
    mode: "0700"
    labels:
      app: db

- name: Point an unused volume at a new directory
  dockyard.swarm.bind_volume:
    name: uploads
    path: /srv/uploads-2
    recreate: if_unused

- name: Bind an existing directory only; fail if it is missing
  dockyard.swarm.bind_volume:
    name: media
    path: /mnt/media
    create_path: false

- name: Make the volume only on the swarm nodes where its service may run
  dockyard.swarm.bind_volume:
    name: uploads
    path: /srv/uploads
    swarm_nodes: [web-1, web-2]

- name: Remove the volume (the directory and its data stay)
  dockyard.swarm.bind_volume:
    name: pgdata
    state: absent
"""

RETURN = r"""
volume:
  description:
    - The volume as it is when the task ends (would be, in check mode). Empty when O(state=absent).
  returned: success
  type: dict
  contains:
    name:
      description: The volume's name.
      type: str
      sample: pgdata
    driver:
      description: The volume driver, always C(local).
      type: str
      sample: local
    mountpoint:
      description: Where the engine mounts the volume on the host.
      type: str
      sample: /var/lib/docker/volumes/pgdata/_data
    options:
      description: The driver options, binding the volume to the directory.
      type: dict
      sample: {type: none, o: bind, device: /srv/pgdata}
    labels:
      description: The volume's labels.
      type: dict
      sample: {app: db}
directory:
  description:
    - The host directory as it is when the task ends (would be, in check mode).
  returned: success and O(state=present)
  type: dict
  contains:
    path:
      description: The directory's real path (symbolic links in O(path) resolved); the volume binds this directory.
      type: str
      sample: /srv/pgdata
    state:
      description: V(directory).
      type: str
      sample: directory
    owner:
      description: The owning user's name (its uid when it has no name).
      type: str
      sample: postgres
    group:
      description: The owning group's name (its gid when it has no name).
      type: str
      sample: postgres
    mode:
      description: The permissions, in octal.
      type: str
      sample: '0700'
placed:
  description:
    - Whether this node is one of O(swarm_nodes) (always V(true) without O(swarm_nodes)). When V(false) the module
      changed nothing here.
  returned: success
  type: bool
  sample: true
actions:
  description:
    - What the task did (would do, in check mode), one line per change. Empty when nothing changed.
  returned: always
  type: list
  elements: str
  sample: [created directory /srv/pgdata, set owner, mode of directory /srv/pgdata, created volume pgdata]
"""

import grp
import os
import pwd
import re
import stat

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_native, to_text

from ansible_collections.dockyard.swarm.plugins.module_utils._bind_volume import (
    bind_options,
    is_bind_volume,
    volume_differences,
)
from ansible_collections.dockyard.swarm.plugins.module_utils._client import (
    NotFound,
    connect,
    docker_argument_spec,
    engine_errors,
)
from ansible_collections.dockyard.swarm.plugins.module_utils._names import volume_name_problem
from ansible_collections.dockyard.swarm.plugins.module_utils._node_info import name_or_id
from ansible_collections.dockyard.swarm.plugins.module_utils._paths import DEFAULT_DOCKER_ROOT, normalise, path_problem
from ansible_collections.dockyard.swarm.plugins.module_utils._result import ChangeTracker

SYMBOLIC_MODE = re.compile(r'^[ugoa]*[-+=][rwxXstugo]*(,[ugoa]*[-+=][rwxXstugo]*)*$')


# --- pure logic (unit tested) -------------------------------------------------------------

def is_listed_node(info, wanted):
    """Whether the engine (docker info) is one of the swarm nodes named by ID or hostname."""
    names = ((info.get('Swarm') or {}).get('NodeID'), info.get('Name'))
    return any(name in wanted for name in names if name)


def describe_differences(differences):
    return '; '.join('%s: wanted %s, found %s' % (what, _show(wanted), _show(found)) for what, wanted, found in differences)


def _show(value):
    if value is None:
        return '(none)'
    if isinstance(value, dict):
        return '{%s}' % ', '.join('%s=%s' % kv for kv in sorted(value.items()))
    return to_text(value)


def mode_problem(mode):
    """None for a mode AnsibleModule can apply, else what is wrong with it."""
    if mode is None or isinstance(mode, int):
        return None
    mode = to_text(mode)
    if re.match(r'^0?[0-7]{1,4}$', mode) or SYMBOLIC_MODE.match(mode):
        return None
    return 'it is neither octal (such as "0750") nor symbolic (such as "u=rwx,g=rx,o=")'


# --- the manager ----------------------------------------------------------------------------

class BindVolumeManager(object):

    def __init__(self, module, client, tracker):
        self.module = module
        self.client = client
        self.tracker = tracker
        params = module.params
        self.name = params['name']
        self.path = params['path']
        self.state = params['state']
        self.labels = None if params['labels'] is None else dict(
            (to_text(k), to_text(v)) for k, v in params['labels'].items())
        self.what = "Volume '%s'" % self.name
        self._info = None

    def fail(self, msg):
        self.module.fail_json(msg=msg)

    # --- the directory ------------------------------------------------------------------

    def check_task(self):
        """What can be told wrong from the task alone: the same answer on every node."""
        problem = volume_name_problem(self.name)
        if problem:
            self.fail("Volume '%s': '%s' is not a valid volume name: %s. Give a name that Docker accepts, "
                      "such as app_data." % (self.name, self.name, problem))
        if self.state == 'absent':
            return
        if not os.path.isabs(self.path):
            self.fail("%s: path '%s' is relative; give the absolute path of the host directory, such as /%s."
                      % (self.what, self.path, self.path.lstrip('./') or 'srv/' + self.name))
        self.refuse_system_path(normalise(self.path), (DEFAULT_DOCKER_ROOT,))

    def refuse_system_path(self, path, docker_roots=()):
        problem = path_problem(path, docker_roots)
        if problem:
            given = self.module.params['path']
            shown = "path '%s'" % given if given == path else "path '%s' (that is %s)" % (given, path)
            self.fail("%s: %s cannot be bound: %s, and binding it into containers, or setting its owner and mode, "
                      "would expose or break the host. Give a directory of its own for the volume's data, such as "
                      "/srv/%s." % (self.what, shown, problem, self.name))

    def docker_roots(self):
        with engine_errors(self.module, 'reading the engine information (docker info)'):
            reported = self.info().get('DockerRootDir')
        return sorted(set(os.path.realpath(root) for root in (DEFAULT_DOCKER_ROOT, reported) if root))

    def check_node(self):
        """What depends on this node: where the path really leads, its users and groups."""
        params = self.module.params
        if self.state == 'absent':
            return
        # A path that is, or goes through, a symbolic link is resolved once: the directory it leads
        # to is the one checked, created, owned and bound, so every run reads and sets the same thing.
        self.path = os.path.realpath(self.path)
        self.refuse_system_path(self.path, self.docker_roots())
        if params['owner'] is not None and not params['owner'].isdigit():
            try:
                pwd.getpwnam(params['owner'])
            except KeyError:
                self.fail("%s: owner '%s' is not a user on this node; create the user first, or give a numeric uid."
                          % (self.what, params['owner']))
        if params['group'] is not None and not params['group'].isdigit():
            try:
                grp.getgrnam(params['group'])
            except KeyError:
                self.fail("%s: group '%s' is not a group on this node; create the group first, or give a numeric gid."
                          % (self.what, params['group']))
        problem = mode_problem(params['mode'])
        if problem:
            self.fail("%s: mode '%s' for %s cannot be used: %s." % (self.what, params['mode'], self.path, problem))

    def directory_state(self):
        try:
            st = os.stat(self.path)
        except OSError:
            return dict(path=self.path, state='absent')
        if not stat.S_ISDIR(st.st_mode):
            return dict(path=self.path, state='file' if stat.S_ISREG(st.st_mode) else 'special file')
        return dict(path=self.path, state='directory',
                    owner=name_or_id(pwd.getpwuid, st.st_uid), group=name_or_id(grp.getgrgid, st.st_gid),
                    mode='0%03o' % stat.S_IMODE(st.st_mode))

    def ensure_directory(self):
        params = self.module.params
        before = self.directory_state()
        if before['state'] not in ('absent', 'directory'):
            self.fail("%s: path '%s' exists but is a %s, not a directory. Give the path of a directory, or move "
                      "the %s away." % (self.what, self.path, before['state'], before['state']))
        after = dict(before)
        if before['state'] == 'absent':
            if not params['create_path']:
                self.fail("%s: directory '%s' does not exist on this node and create_path is false. Create it first, "
                          "or set create_path: true." % (self.what, self.path))
            self.tracker.act('created directory %s' % self.path)
            if self.module.check_mode:
                # Nothing to stat yet: predict from the task (unset values come from the engine's user).
                after.update(state='directory',
                             owner=params['owner'] or name_or_id(pwd.getpwuid, os.geteuid()),
                             group=params['group'] or name_or_id(grp.getgrgid, os.getegid()),
                             mode=None if params['mode'] is None else to_text(params['mode']))
                return before, after
            try:
                os.makedirs(self.path)
            except OSError as exc:
                self.fail("%s: cannot create directory '%s': %s. Check the parent directories on this node, "
                          "or create it yourself and set create_path: false."
                          % (self.what, self.path, to_native(exc.strerror or exc)))

        attributes = {'before': {}, 'after': {}}
        self.module.set_owner_if_different(self.path, params['owner'], False, attributes)
        self.module.set_group_if_different(self.path, params['group'], False, attributes)
        self.module.set_mode_if_different(self.path, params['mode'], False, attributes)
        if attributes['after'] and before['state'] == 'directory':
            self.tracker.act('set %s of directory %s' % (', '.join(sorted(attributes['after'])), self.path))
        if self.module.check_mode:
            after.update(attributes['after'])
            for key, lookup in (('owner', pwd.getpwuid), ('group', grp.getgrgid)):
                if isinstance(after.get(key), int):
                    after[key] = name_or_id(lookup, after[key])
        else:
            after = self.directory_state()
        return before, after

    # --- the volume -----------------------------------------------------------------------

    def get_volume(self):
        with engine_errors(self.module, "reading volume '%s'" % self.name):
            try:
                return self.client.volumes.get(self.name).attrs
            except NotFound:
                return None

    def users(self):
        with engine_errors(self.module, "listing the containers that use volume '%s'" % self.name):
            containers = self.client.containers.list(all=True, filters={'volume': self.name})
        return sorted(c.name for c in containers)

    def show(self, attrs):
        if not attrs:
            return {}
        return dict(name=attrs.get('Name'), driver=attrs.get('Driver'), mountpoint=attrs.get('Mountpoint'),
                    options=attrs.get('Options') or {}, labels=attrs.get('Labels') or {})

    def remove_volume(self, attrs):
        if not self.module.check_mode:
            with engine_errors(self.module, "removing volume '%s'" % self.name):
                self.client.volumes.get(self.name).remove()
        self.tracker.act('removed volume %s' % self.name)

    def create_volume(self):
        wanted = dict(Name=self.name, Driver='local', Options=bind_options(self.path), Labels=self.labels or {})
        if self.module.check_mode:
            with engine_errors(self.module, 'reading the engine information (docker info)'):
                root = self.info().get('DockerRootDir') or DEFAULT_DOCKER_ROOT
            wanted['Mountpoint'] = '%s/volumes/%s/_data' % (root, self.name)
        else:
            with engine_errors(self.module, "creating volume '%s' bound to %s" % (self.name, self.path)):
                wanted = self.client.volumes.create(name=self.name, driver='local', driver_opts=bind_options(self.path),
                                                    labels=self.labels or {}).attrs
        self.tracker.act('created volume %s' % self.name)
        return wanted

    def not_a_bind_problem(self, attrs, doing):
        return ("%s is not a bind volume (driver %s, options %s): %s it would delete the data it holds, so this module "
                "will not. If that is really wanted, remove it yourself (docker volume rm %s) and run the task again."
                % (self.what, attrs.get('Driver'), _show(attrs.get('Options') or {}), doing, self.name))

    def present(self):
        # Decide about the volume before touching the directory, so that a refusal changes nothing.
        found = self.get_volume()
        recreate = False
        if found is not None:
            differences = volume_differences(found, self.path, self.labels, os.path.realpath)
            if differences:
                text = describe_differences(differences)
                if self.module.params['recreate'] == 'never':
                    self.fail("%s exists but differs from the task (%s). A volume's options cannot change: set "
                              "recreate: if_unused to recreate it when no container uses it, or remove it yourself "
                              "(docker volume rm %s)." % (self.what, text, self.name))
                if not is_bind_volume(found):
                    self.fail(self.not_a_bind_problem(found, 'recreating'))
                users = self.users()
                if users:
                    self.fail("%s differs from the task (%s) but is used by containers: %s. Stop and remove those "
                              "containers (or move their services to another volume), then run the task again."
                              % (self.what, text, ', '.join(users)))
                recreate = True

        dir_before, dir_after = self.ensure_directory()
        volume = found
        if recreate:
            self.remove_volume(found)
        if found is None or recreate:
            volume = self.create_volume()
        self.tracker.found(dict(directory=dir_before, volume=self.show(found)))
        self.tracker.will_be(dict(directory=dir_after, volume=self.show(volume)))
        return dict(volume=self.show(volume), directory=dir_after)

    def absent(self):
        found = self.get_volume()
        if found is not None:
            if not is_bind_volume(found):
                self.fail(self.not_a_bind_problem(found, 'removing'))
            users = self.users()
            if users:
                self.fail("Cannot remove %s: it is used by containers: %s. Stop and remove those containers "
                          "(or move their services to another volume), then run the task again."
                          % (self.what.lower(), ', '.join(users)))
            self.remove_volume(found)
        self.tracker.found(dict(volume=self.show(found)))
        self.tracker.will_be(dict(volume={}))
        return dict(volume={})

    def info(self):
        if self._info is None:
            self._info = self.client.info()
        return self._info

    def placed(self):
        wanted = self.module.params['swarm_nodes']
        if wanted is None:
            return True
        with engine_errors(self.module, 'reading the engine information (docker info)'):
            return is_listed_node(self.info(), wanted)

    def run(self):
        self.check_task()
        if not self.placed():
            return dict(placed=False)
        self.check_node()
        result = self.present() if self.state == 'present' else self.absent()
        result['placed'] = True
        return result


def main():
    module = AnsibleModule(
        argument_spec=docker_argument_spec(
            name=dict(type='str', required=True),
            path=dict(type='path'),
            state=dict(type='str', default='present', choices=['present', 'absent']),
            create_path=dict(type='bool', default=True),
            owner=dict(type='str'),
            group=dict(type='str'),
            mode=dict(type='raw'),
            labels=dict(type='dict'),
            recreate=dict(type='str', default='never', choices=['never', 'if_unused']),
            swarm_nodes=dict(type='list', elements='str'),
        ),
        required_if=[('state', 'present', ['path'])],
        supports_check_mode=True,
    )
    tracker = ChangeTracker(module)
    result = BindVolumeManager(module, connect(module), tracker).run()
    tracker.exit(**result)


if __name__ == '__main__':
    main()
