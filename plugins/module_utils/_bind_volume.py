# -*- coding: utf-8 -*-

# Copyright (c) dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What a bind volume is, how a found one differs from the wanted one, and whether a read of a node shows
that the bind_volume module would change nothing there.

Shared by the bind_volume module and the bind_volume_work filter, so that the controller skips the
module only where the module itself would find nothing to do. Private to this collection: the names
here may change without notice.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible.module_utils.common.text.converters import to_text
from ansible.module_utils.six import integer_types, string_types

from ansible_collections.dockyard.swarm.plugins.module_utils._names import volume_name_problem
from ansible_collections.dockyard.swarm.plugins.module_utils._paths import DEFAULT_DOCKER_ROOT, normalise, path_problem

OCTAL_MODE = re.compile(r'^0?[0-7]{1,4}$')


def bind_options(path):
    return {'type': 'none', 'o': 'bind', 'device': path}


def is_bind_volume(attrs):
    options = attrs.get('Options') or {}
    return (attrs.get('Driver') == 'local' and options.get('type') == 'none'
            and bool({'bind', 'rbind'} & set((options.get('o') or '').split(','))))


def volume_differences(attrs, path, labels, resolve=normalise):
    """What differs between a found volume and the wanted one: a list of (what, wanted, found).

    resolve: how a found device path is made comparable with `path` (the module resolves symbolic
    links, so a volume bound to a link and one bound to its target are the same).
    """
    differences = []
    if attrs.get('Driver') != 'local':
        differences.append(('driver', 'local', attrs.get('Driver')))
    found = dict(attrs.get('Options') or {})
    for key, wanted in sorted(bind_options(path).items()):
        value = found.pop(key, None)
        if key == 'device' and value:
            same = resolve(value) == normalise(wanted)
        else:
            same = value == wanted
        if not same:
            differences.append(('option %s' % key, wanted, value))
    for key, value in sorted(found.items()):
        differences.append(('option %s' % key, None, value))
    if labels is not None and labels != (attrs.get('Labels') or {}):
        differences.append(('labels', labels, attrs.get('Labels') or {}))
    return differences


def octal_mode(mode):
    """A mode given as a number or as octal digits, as four octal digits ('0755'); None for any other form."""
    if isinstance(mode, bool):
        return None
    if isinstance(mode, integer_types):
        return '%04o' % mode if 0 <= mode <= 0o7777 else None
    if isinstance(mode, string_types) and OCTAL_MODE.match(mode):
        return '%04o' % int(mode, 8)
    return None


def _same_id(wanted, name, number):
    """Whether an owner or group given by name or number is the one a path has (its name and number)."""
    wanted = to_text(wanted)
    return wanted == to_text(name) or (wanted.isdigit() and int(wanted) == number)


def _node_is_known(read, nodes):
    """Whether the read's node ID is a ready node of the swarm as the manager lists it now, under this host name.

    Otherwise the node left or joined the swarm since it was read, and the placement (by node ID) says nothing of it.
    """
    node_id = (read.get('swarm') or {}).get('NodeID')
    name = (read.get('engine') or {}).get('name')
    for node in nodes or []:
        if node.get('ID') == node_id:
            return ((node.get('Status') or {}).get('State') == 'ready'
                    and ((node.get('Description') or {}).get('Hostname') in (None, name)))
    return False


def volume_settled(read, spec, placed=None, nodes=None):
    """Whether the bind_volume module, given this spec, would change nothing on the node of this read, and not fail.

    read: the node's dockyard.swarm.node_info result, which read the spec's volume name (volumes) and path (paths).
    spec: name, path and, where given, owner, group, mode and labels (as the module takes them).
    placed: the IDs of the nodes where the volume is wanted (the module's swarm_nodes), None for every node.
    nodes: the swarm's nodes as a manager lists them now, to tell whether the read's node ID still holds.
    False whenever the read cannot tell for sure: then the module runs and decides.
    """
    if not isinstance(read, dict) or read.get('stale') or not (read.get('engine') or {}).get('answers'):
        return False
    name, path = spec.get('name'), spec.get('path')
    volumes = read.get('volumes')
    if not isinstance(volumes, dict) or name not in volumes or volume_name_problem(name):
        return False
    if not isinstance(path, string_types) or not path.startswith('/') or path_problem(normalise(path)):
        return False
    # The module does nothing on a node where no service that mounts the volume may run.
    if placed is not None and _node_is_known(read, nodes):
        if (read.get('swarm') or {}).get('NodeID') not in placed:
            return True
    entry = (read.get('paths') or {}).get(path)
    # A link in the path: the module resolves it and binds the real directory.
    if not entry or entry.get('type') != 'directory' or entry.get('link') or entry.get('real'):
        return False
    roots = [DEFAULT_DOCKER_ROOT] + [r for r in [(read.get('engine') or {}).get('root_dir')] if r]
    if path_problem(path, roots):
        return False
    if spec.get('owner') is not None and not _same_id(spec['owner'], entry.get('owner'), entry.get('uid')):
        return False
    if spec.get('group') is not None and not _same_id(spec['group'], entry.get('group'), entry.get('gid')):
        return False
    if spec.get('mode') is not None and octal_mode(spec['mode']) != entry.get('mode'):
        return False
    attrs = volumes[name]
    labels = spec.get('labels')
    if labels is not None:
        labels = dict((to_text(k), to_text(v)) for k, v in labels.items())
    return isinstance(attrs, dict) and not volume_differences(attrs, path, labels)
