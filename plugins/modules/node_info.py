#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright (c) dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
module: node_info
short_description: Read in one call what the collection's roles decide from on a node
description:
  - Reads, and never changes, the state of a node that the roles of this collection compare with what the
    inventory asks for - the engine packages and their holds, the engine's systemd unit and whether the running
    dockerd started before its configuration files last changed, files and directories, a group and users, named
    volumes, and the engine's own view of the node and, on a manager, of the swarm.
  - Fast on purpose, as the roles call it on every run - dpkg's status file is read directly, without apt or
    dpkg-query; the Docker SDK is only imported once the engine's socket answers.
  - The result holds no join token, unlock key, secret or config data, and no fingerprint of that data that a
    reader of the output could test guesses against (see O(fingerprint_key)).
version_added: 0.1.0
author:
  - dockyard.swarm maintainers (@dockyard)
extends_documentation_fragment:
  - dockyard.swarm.docker.attributes
  - dockyard.swarm.docker.read_only
options:
  packages:
    description:
      - Debian package names to report from dpkg's status database.
    type: list
    elements: str
    default: []
  paths:
    description:
      - Absolute paths or glob patterns (C(*), C(?), C([...])) of files and directories to report.
      - Every existing match is reported in RV(paths); a plain path that does not exist is reported in
        RV(missing) with its nearest existing parent directory.
    type: list
    elements: str
    default: []
  unit:
    description:
      - The systemd unit to report. Empty to skip it.
    type: str
    default: docker.service
  unit_files:
    description:
      - Files the unit reads when it starts (absolute paths). RV(unread) lists those changed after the unit's
        main process started, so a restart is still due.
    type: list
    elements: str
    default: []
  group:
    description:
      - A group to report, with its members. Empty to skip it.
    type: str
    default: ''
  users:
    description:
      - User names to look up (through the system's name service, so directory users too).
    type: list
    elements: str
    default: []
  engine:
    description:
      - Ask the Docker engine for its view of the node (C(docker info)).
    type: bool
    default: true
  swarm_nodes:
    description:
      - On a swarm manager, also list the swarm's nodes (RV(nodes)).
    type: bool
    default: false
  swarm_networks:
    description:
      - On a swarm manager, also list the swarm-scoped networks (RV(networks)).
    type: bool
    default: false
  images:
    description:
      - Also list the tags of the images the node has (RV(images)).
    type: bool
    default: false
  volumes:
    description:
      - Names of volumes to report (RV(volumes)), for example the bind volumes a stack needs.
    type: list
    elements: str
    default: []
  secrets:
    description:
      - On a swarm manager, the names of versioned secrets (made by M(dockyard.swarm.secret)) whose versions to
        report in RV(secrets).
    type: list
    elements: str
    default: []
  configs:
    description:
      - On a swarm manager, the names of versioned configs (made by M(dockyard.swarm.config)) whose versions to
        report in RV(configs).
    type: list
    elements: str
    default: []
  fingerprint_key:
    description:
      - A key that the caller keeps to itself, for example a random one made for this run and never printed.
      - With it, each version in RV(secrets) and RV(configs) has a C(check), the HMAC-SHA256 of its fingerprint
        label keyed with this key. Who has the key and the data can tell from C(check) whether a version holds
        that data; who only reads the output cannot test guesses of the data against it.
      - Without it, no C(check) is returned.
    type: str
  docker_host:
    description:
      - The engine's Unix socket, as a path or a C(unix://) URL. Only a local socket is read.
    type: str
    default: unix:///var/run/docker.sock
  timeout:
    description:
      - How many seconds to wait for the engine to answer.
    type: int
    default: 30
requirements:
  - The Docker SDK for Python (C(docker) 4.0 or later) for RV(engine), RV(swarm), RV(nodes), RV(networks),
    RV(images), RV(secrets), RV(configs) and RV(volumes); without it these say so in RV(engine.error) and the rest is still read.
notes:
  - Run it with C(become) for the engine socket and files only root may read.
seealso:
  - module: dockyard.swarm.swarm_status
    description: The health report of a swarm, read on every node.
"""

EXAMPLES = r"""
- name: Read the engine packages, the docker group and its users, and the swarm state
  dockyard.swarm.node_info:
    packages: [docker.io, docker-cli, containerd, runc, python3-docker]
    paths: [/etc/docker/daemon.json, /etc/apt/sources.list.d/docker*.list]
    unit_files: [/etc/docker/daemon.json]
    group: docker
    users: [deploy]
  register: node

- name: Say what the node is in the swarm
  ansible.builtin.debug:
    msg: "{{ node.swarm.LocalNodeState | default('no engine') }}"
"""

RETURN = r"""
packages:
  description: The listed packages that dpkg knows, by name.
  returned: always
  type: dict
  sample: {"docker.io": {"version": "20.10.24+dfsg1-1+b3", "selection": "hold", "status": "installed",
           "installed": true, "held": true}}
paths:
  description:
    - Each existing match of O(paths) and of O(unit_files), by path, with C(type) (V(file), V(directory),
      V(other)), C(link) (and C(target), where the link leads), C(mode), C(uid), C(gid), C(owner) and C(group)
      (the names of the uid and gid, or the numbers when they have no name), C(mtime), C(writable) (by the
      module's user; for a directory, also searchable), C(real) (the real path, only when it differs from the
      path, that is when the path or one of its parents is a symbolic link) and, for regular files up to 1 MiB,
      their SHA-1 C(checksum).
  returned: always
  type: dict
missing:
  description: Each plain path of O(paths) that does not exist, with its nearest existing C(parent) and that
    parent's C(parent_state) (as in RV(paths)).
  returned: always
  type: dict
unit:
  description: The unit's C(active_state), C(sub_state), C(unit_file_state), and C(started), the time its main
    process started (seconds since the epoch) while it is active.
  returned: when O(unit) is set
  type: dict
unread:
  description: The files of O(unit_files) changed after the unit's main process started.
  returned: always
  type: list
  elements: str
group:
  description: O(group) with C(exists), C(gid) and its C(members).
  returned: when O(group) is set
  type: dict
users:
  description: Each of O(users) with C(exists), and C(uid), C(gid) and C(home) when it does.
  returned: always
  type: dict
python_apt:
  description: Whether the Python interpreter of the module has the C(apt) bindings (python3-apt), which the
    apt module needs for check mode.
  returned: always
  type: bool
engine:
  description: What the engine says of itself.
  returned: always
  type: dict
  contains:
    answers:
      description: Whether the engine answered.
      type: bool
    version:
      description: The engine version.
      type: str
    name:
      description: The engine's host name.
      type: str
    root_dir:
      description: The engine's data directory.
      type: str
    error:
      description: Why the engine did not answer (no socket, permission denied, no Docker SDK), or why a
        listing failed.
      type: str
swarm:
  description: The engine's C(Swarm) section of C(docker info) (C(LocalNodeState), C(NodeID), C(NodeAddr),
    C(ControlAvailable), C(RemoteManagers), C(Cluster)), empty when the engine does not answer.
  returned: always
  type: dict
nodes:
  description: On a manager with O(swarm_nodes), the swarm's nodes as the engine lists them (C(docker node ls)'s
    API answer, with C(ID), C(Spec), C(Description), C(Status) and C(ManagerStatus); no join token).
  returned: when O(swarm_nodes) is set and the node is a manager
  type: list
  elements: dict
networks:
  description: On a manager with O(swarm_networks), the swarm-scoped networks as the engine lists them
    (C(docker network ls)'s API answer, with C(Name), C(Id), C(Driver), C(Options), C(Labels), C(Attachable)).
  returned: when O(swarm_networks) is set and the node is a manager
  type: list
  elements: dict
images:
  description: The tags of the node's images.
  returned: when O(images) is set and the engine answers
  type: list
  elements: str
secrets:
  description:
    - On a manager, each of O(secrets) by name, with its versions (oldest first), an empty list when it has none.
    - Each version has C(name), C(id), C(version), C(labels) (the user's labels, without this collection's own),
      C(salt) (of its fingerprint label, empty when the label is missing or malformed) and, with
      O(fingerprint_key), C(check).
  returned: when O(secrets) is set and the node is a manager
  type: dict
  sample: {"web_token": [{"name": "web_token_v3", "id": "q8v2xk0mm8bqtq5s4n3c3wqkx", "version": 3, "labels": {},
           "salt": "5b0e8f2c9d1a4e7b6c3f0a9d8e7b6c5a", "check": "0b6e...c41f"}]}
configs:
  description: Like RV(secrets), for O(configs).
  returned: when O(configs) is set and the node is a manager
  type: dict
volumes:
  description:
    - Each of O(volumes) by name, with C(Driver), C(Options) and C(Labels) as C(docker volume inspect) gives them,
      or V(null) when the node has no volume of that name.
  returned: when O(volumes) is set and the engine answers
  type: dict
  sample: {"web_html": {"Driver": "local", "Options": {"type": "none", "o": "bind", "device": "/srv/web/html"},
           "Labels": {}}, "web_cache": null}
"""

import os
import socket

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_native

from ansible_collections.dockyard.swarm.plugins.module_utils._node_info import (
    parse_systemctl_show,
    read_group,
    read_packages,
    read_paths,
    read_users,
    socket_path,
    unit_state,
    unread_files,
)

try:
    from importlib.util import find_spec
except ImportError:  # Python 2: the roles need Python 3 on the nodes anyway.
    find_spec = None


def socket_answers(path, timeout):
    """None when something listens on the Unix socket, else why not."""
    if not os.path.exists(path):
        return 'no engine socket at %s (the engine is not installed or not running)' % path
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect(path)
    except (OSError, socket.error) as exc:
        return 'the engine socket %s does not answer: %s' % (path, to_native(exc))
    finally:
        sock.close()
    return None


def read_volumes(client, names, not_found):
    """name -> the volume's driver, options and labels, or None when there is no such volume."""
    volumes = {}
    for name in names:
        try:
            attrs = client.inspect_volume(name)
        except not_found:
            volumes[name] = None
            continue
        volumes[name] = dict(Driver=attrs.get('Driver'), Options=attrs.get('Options') or {},
                             Labels=attrs.get('Labels') or {})
    return volumes


def read_versions(client, kind, names, key):
    """name -> the versions of that versioned secret or config, oldest first, without its data or fingerprint."""
    from ansible_collections.dockyard.swarm.plugins.module_utils._fingerprint import (
        FINGERPRINT_LABEL, LABEL_PREFIX, fingerprint_salt, keyed_check, parse_version, user_labels)
    name_label = LABEL_PREFIX + kind
    found = dict((name, []) for name in names)
    # One listing of every object this collection labels, instead of one per name.
    listing = client.secrets(filters={'label': name_label}) if kind == 'secret' else \
        client.configs(filters={'label': name_label})
    for obj in listing:
        spec = obj.get('Spec') or {}
        labels = spec.get('Labels') or {}
        version = parse_version(labels)
        if labels.get(name_label) not in found or version is None:
            continue
        fingerprint = labels.get(FINGERPRINT_LABEL, '')
        entry = dict(name=spec.get('Name'), id=obj.get('ID'), version=version, labels=user_labels(labels),
                     salt=fingerprint_salt(fingerprint))
        if key:
            entry['check'] = keyed_check(key, fingerprint) if entry['salt'] else ''
        found[labels[name_label]].append(entry)
    return dict((name, sorted(versions, key=lambda v: v['version'])) for name, versions in found.items())


def read_engine(module, result):
    params = module.params
    path = socket_path(params['docker_host'])
    if path is None:
        module.fail_json(msg='docker_host is %s: node_info reads a local Unix socket only, such as '
                             'unix:///var/run/docker.sock.' % params['docker_host'])
    problem = socket_answers(path, params['timeout'])
    if problem:
        result['engine'] = dict(answers=False, error=problem)
        return
    # Only now: importing the SDK costs more than the rest of the module.
    from ansible_collections.dockyard.swarm.plugins.module_utils._client import (
        SDK_INSTALL_HINT, DockerException, NotFound, RequestException, docker)
    if docker is None:
        result['engine'] = dict(answers=False, error='the Docker SDK for Python is missing. ' + SDK_INSTALL_HINT)
        return
    try:
        client = docker.APIClient(base_url='unix://' + path, version='auto', timeout=params['timeout'])
        info = client.info()
    except (DockerException, RequestException) as exc:
        result['engine'] = dict(answers=False, error=to_native(exc))
        return
    swarm = info.get('Swarm') or {}
    result['engine'] = dict(answers=True, version=info.get('ServerVersion', ''), name=info.get('Name', ''),
                            root_dir=info.get('DockerRootDir', ''))
    result['swarm'] = swarm
    try:
        if params['images']:
            result['images'] = sorted(set(tag for image in client.images() for tag in image.get('RepoTags') or []
                                          if tag != '<none>:<none>'))
        if swarm.get('ControlAvailable') and params['swarm_nodes']:
            result['nodes'] = client.nodes()
        if swarm.get('ControlAvailable') and params['swarm_networks']:
            result['networks'] = client.networks(filters={'scope': 'swarm'})
        for kind in ('secret', 'config'):
            if swarm.get('ControlAvailable') and params[kind + 's']:
                result[kind + 's'] = read_versions(client, kind, params[kind + 's'], params['fingerprint_key'])
        if params['volumes']:
            result['volumes'] = read_volumes(client, params['volumes'], NotFound)
    except (DockerException, RequestException) as exc:
        result['engine']['error'] = to_native(exc)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            packages=dict(type='list', elements='str', default=[]),
            paths=dict(type='list', elements='str', default=[]),
            unit=dict(type='str', default='docker.service'),
            unit_files=dict(type='list', elements='str', default=[]),
            group=dict(type='str', default=''),
            users=dict(type='list', elements='str', default=[]),
            engine=dict(type='bool', default=True),
            swarm_nodes=dict(type='bool', default=False),
            swarm_networks=dict(type='bool', default=False),
            images=dict(type='bool', default=False),
            volumes=dict(type='list', elements='str', default=[]),
            secrets=dict(type='list', elements='str', default=[], no_log=False),
            configs=dict(type='list', elements='str', default=[]),
            fingerprint_key=dict(type='str', no_log=True),
            docker_host=dict(type='str', default='unix:///var/run/docker.sock'),
            timeout=dict(type='int', default=30),
        ),
        supports_check_mode=True,
    )
    params = module.params
    relative = [path for path in params['paths'] + params['unit_files'] if not path.startswith('/')]
    if relative:
        module.fail_json(msg='paths and unit_files take absolute paths; these are not: %s' % ', '.join(relative))

    paths, missing = read_paths(params['paths'] + params['unit_files'])
    result = dict(changed=False, packages=read_packages(params['packages']), paths=paths, missing=missing,
                  users=read_users(params['users']), unread=[], engine=dict(answers=False), swarm={},
                  python_apt=bool(find_spec and find_spec('apt_pkg')))
    if params['group']:
        result['group'] = read_group(params['group'])
    if params['unit']:
        systemctl = module.get_bin_path('systemctl')
        props = {}
        if systemctl:
            rc, out, dummy = module.run_command(
                [systemctl, 'show', params['unit'], '--property=ActiveState,SubState,UnitFileState,'
                 'ExecMainStartTimestampMonotonic'], environ_update=dict(LC_ALL='C'))
            if rc == 0:
                props = parse_systemctl_show(out)
        result['unit'] = unit_state(props)
        result['unread'] = unread_files(dict((path, paths[path]) for path in params['unit_files'] if path in paths),
                                        result['unit']['started'])
    if params['engine']:
        read_engine(module, result)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
