# -*- coding: utf-8 -*-
# Copyright: dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The names and paths of the bind volumes that the present stacks of stack_stacks need."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: stack_bind_volumes
short_description: The names and paths of the bind volumes the stacks of stack_stacks need
version_added: 0.1.0
description:
  - Takes the stack role's C(stack_stacks) and returns, for each bind volume of each present stack, its volume name
    (C(<stack>_<key>)) and its path, so that one read of a node (M(dockyard.swarm.node_info) with O(dockyard.swarm.node_info#module:volumes)
    and O(dockyard.swarm.node_info#module:paths)) covers them.
  - Reads only the name, the state and the bind volumes of each entry, never secret or config data. An entry it
    cannot read is left out; the stack role checks the entries and names what is wrong with them.
options:
  _input:
    description: The stack role's C(stack_stacks).
    type: list
    elements: dict
    required: true
"""

EXAMPLES = r"""
- name: Read the bind volumes of the stacks and their directories on each node
  dockyard.swarm.node_info:
    volumes: "{{ stack_stacks | dockyard.swarm.stack_bind_volumes | map(attribute='name') }}"
    paths: "{{ stack_stacks | dockyard.swarm.stack_bind_volumes | map(attribute='path') }}"
  register: dockyard_node_info
"""

RETURN = r"""
_value:
  description: One item per bind volume, with C(name) and C(path) (normalised), sorted by name.
  type: list
  elements: dict
"""

from ansible.module_utils.six import string_types

from ansible_collections.dockyard.swarm.plugins.filter.stack_objects import bind_volume_specs


def _entry_volumes(entry):
    if not isinstance(entry, dict) or entry.get('state', 'present') != 'present':
        return []
    if not isinstance(entry.get('name'), string_types) or not entry.get('name'):
        return []
    return [dict(name=spec['name'], path=spec['path']) for spec in bind_volume_specs(entry)
            if isinstance(spec['path'], string_types) and spec['path'].startswith('/')]


def stack_bind_volumes(stacks):
    """name and path of every bind volume of the present stacks; entries that cannot be read are left out."""
    found = []
    for entry in stacks or []:
        try:
            found.extend(_entry_volumes(entry))
        except Exception:  # an undefined value, for example: the stack role reports it
            continue
    return sorted(found, key=lambda item: item['name'])


class FilterModule(object):
    """Bind volumes of the stacks."""

    def filters(self):
        return {'stack_bind_volumes': stack_bind_volumes}
