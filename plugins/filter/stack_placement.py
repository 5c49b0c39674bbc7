# -*- coding: utf-8 -*-
# Copyright: dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Find the swarm nodes where the tasks of the services that mount a volume may run."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: stack_placement
short_description: The nodes on which the services mounting each volume may run
version_added: 0.1.0
description:
  - For each volume named in O(volumes), the IDs of the swarm nodes that satisfy the placement constraints
    (C(deploy.placement.constraints)) of at least one service of the compose definition that mounts it.
  - Understands the constraints C(node.id), C(node.hostname), C(node.role), C(node.platform.os),
    C(node.platform.arch), C(node.labels.<name>) and C(engine.labels.<name>) with C(==) and C(!=), compared
    without regard to case like the engine does. A constraint on anything else fails, naming it.
  - A volume that no service mounts is wanted on every node.
options:
  _input:
    description: The compose definition.
    type: dict
    required: true
  nodes:
    description: The swarm's nodes as C(docker node inspect) returns them (C(community.docker.docker_swarm_info)
      with C(nodes=true) and C(verbose_output=true)).
    type: list
    elements: dict
    required: true
  volumes:
    description: The logical names of the volumes (keys of the definition's top-level C(volumes)).
    type: list
    elements: str
    required: true
"""

EXAMPLES = r"""
- name: Create the bind volume where its services may run
  dockyard.swarm.bind_volume:
    name: web_html
    path: /srv/web/html
  when: >-
    __host.host_info.Swarm.NodeID in
    (compose | dockyard.swarm.stack_placement(__swarm.nodes, ['html']))['html']
"""

RETURN = r"""
_value:
  description: Volume name to the sorted list of node IDs.
  type: dict
"""

import re

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.text.converters import to_text
from ansible.module_utils.six import string_types

CONSTRAINT = re.compile(r'^\s*([\w.-]+)\s*(==|!=)\s*(.*?)\s*$')


def node_attributes(node):
    """The values a constraint can name, from one `docker node inspect` entry."""
    spec = node.get('Spec') or {}
    description = node.get('Description') or {}
    platform = description.get('Platform') or {}
    engine = description.get('Engine') or {}
    attributes = {
        'node.id': node.get('ID', ''),
        'node.hostname': description.get('Hostname', ''),
        'node.role': spec.get('Role', ''),
        'node.platform.os': platform.get('OS', ''),
        'node.platform.arch': platform.get('Architecture', ''),
    }
    for key, value in (spec.get('Labels') or {}).items():
        attributes['node.labels.' + key] = value
    for key, value in (engine.get('Labels') or {}).items():
        attributes['engine.labels.' + key] = value
    return attributes


def constraint_matches(constraint, attributes):
    match = CONSTRAINT.match(to_text(constraint))
    if not match:
        raise AnsibleFilterError("Placement constraint '%s' is not of the form '<attribute> == <value>' or "
                                 "'<attribute> != <value>'. Fix it in the compose definition." % constraint)
    key, operator, wanted = match.groups()
    known = key in ('node.id', 'node.hostname', 'node.role', 'node.platform.os', 'node.platform.arch') \
        or key.startswith('node.labels.') or key.startswith('engine.labels.')
    if not known:
        raise AnsibleFilterError("Placement constraint '%s' names '%s', which is not a node attribute this role "
                                 "understands (node.id, node.hostname, node.role, node.platform.os, "
                                 "node.platform.arch, node.labels.<name>, engine.labels.<name>)." % (constraint, key))
    value = attributes.get(key)
    equal = value is not None and to_text(value).lower() == wanted.lower()
    return equal if operator == '==' else not equal


def service_volumes(service):
    """The named volumes a service mounts (short or long syntax); bind and tmpfs mounts are skipped."""
    names = set()
    for entry in (service or {}).get('volumes') or []:
        if isinstance(entry, string_types):
            source = entry.split(':', 1)[0] if ':' in entry else ''
            if source and not source.startswith(('/', '.', '~', '$')):
                names.add(source)
        elif isinstance(entry, dict) and entry.get('type', 'volume') == 'volume' and entry.get('source'):
            names.add(to_text(entry['source']))
    return names


def service_constraints(service):
    deploy = (service or {}).get('deploy') or {}
    return ((deploy.get('placement') or {}).get('constraints')) or []


def stack_placement(definition, nodes, volumes):
    services = (definition or {}).get('services') or {}
    described = [(node.get('ID', ''), node_attributes(node)) for node in nodes or []]
    everywhere = sorted(node_id for node_id, dummy in described)
    result = {}
    for volume in volumes or []:
        users = [s for s in services.values() if volume in service_volumes(s)]
        if not users:
            result[volume] = everywhere
            continue
        wanted = set()
        for service in users:
            constraints = service_constraints(service)
            for node_id, attributes in described:
                if all(constraint_matches(c, attributes) for c in constraints):
                    wanted.add(node_id)
        result[volume] = sorted(wanted)
    return result


class FilterModule(object):
    """Volume placement."""

    def filters(self):
        return {'stack_placement': stack_placement}
