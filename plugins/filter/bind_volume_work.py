# -*- coding: utf-8 -*-
# Copyright: dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which bind volumes of a stack the bind_volume module still has to look at on a node, from a read of it."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: bind_volume_work
short_description: The bind volumes of a stack that a node's read does not show as wanted
version_added: 0.1.0
description:
  - Takes a node's read (the result of M(dockyard.swarm.node_info) that read the volumes' names and paths, as
    the engine role keeps it in C(dockyard_node_info)) and the stack's bind volume specs, and returns the keys of
    the specs that M(dockyard.swarm.bind_volume) may have work with, or a refusal to give, on that node.
  - A spec is left out only when the read shows for sure that the module would change nothing - the volume exists
    with the wanted bind options and labels, the directory exists (no symbolic link in its path) with the wanted
    owner, group and mode, and the path is one the module accepts - or when the node is not one of the nodes the
    volume is placed on.
  - Every spec is returned when there is no read, the read is stale (the engine restarted since) or it did not
    read the volume.
options:
  _input:
    description: The node's read (C(dockyard_node_info)); an empty mapping when there is none.
    type: dict
    required: true
  specs:
    description: The stack's bind volume specs, each with C(key), C(name), C(path) and, where given, C(owner),
      C(group), C(mode) and C(labels) (filter P(dockyard.swarm.stack_objects#filter)).
    type: list
    elements: dict
    required: true
  placement:
    description:
      - Key to the IDs of the nodes where the volume is wanted (filter P(dockyard.swarm.stack_placement#filter)).
      - Omitted, every node is one of them.
    type: dict
  nodes:
    description: The swarm's nodes as a manager lists them now, to tell whether the node ID of the read still holds.
    type: list
    elements: dict
"""

EXAMPLES = r"""
- name: Create the bind volumes where a node's read does not show them as wanted
  dockyard.swarm.bind_volume:
    name: "{{ item.name }}"
    path: "{{ item.path }}"
  loop: "{{ specs }}"
  when: item.key in (dockyard_node_info | default({}) | dockyard.swarm.bind_volume_work(specs))
"""

RETURN = r"""
_value:
  description: The keys of the specs to hand to the module on this node, in the order of the specs.
  type: list
  elements: str
"""

from ansible_collections.dockyard.swarm.plugins.module_utils._bind_volume import volume_settled


def bind_volume_work(read, specs, placement=None, nodes=None):
    """Keys of the specs whose module run may change something or fail on the node of this read."""
    work = []
    for spec in specs or []:
        placed = (placement or {}).get(spec.get('key'))
        if not volume_settled(read, spec, placed, nodes):
            work.append(spec.get('key'))
    return work


class FilterModule(object):
    """Bind volume work."""

    def filters(self):
        return {'bind_volume_work': bind_volume_work}
