# -*- coding: utf-8 -*-
# Copyright: dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The current version and the versions of each secret or config of a stack, from the module's results or a read."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: stack_object_versions
short_description: The current version and all versions of each secret or config of a stack
version_added: 0.1.0
description:
  - Takes the loop results of M(dockyard.swarm.secret) or M(dockyard.swarm.config) over a stack's specs, and
    returns, by the spec's key, the name of the version the services get and the names of all its versions.
  - A result the module returned gives both. A result skipped because the manager's read showed the newest version
    as the one the module would return (filter P(dockyard.swarm.stack_object_version#filter)) takes them from
    that read.
options:
  _input:
    description: The C(results) of the loop, each with its C(item) (the spec, with C(key) and C(name)).
    type: list
    elements: dict
    required: true
  read:
    description: The manager's read, with C(secrets) and C(configs) by name (M(dockyard.swarm.node_info)).
    type: dict
    required: true
  kind:
    description: Which objects the results are of.
    type: str
    choices: [secrets, configs]
    required: true
"""

EXAMPLES = r"""
- name: Name the versions the services get
  ansible.builtin.set_fact:
    secret_names: "{{ (stored.results | dockyard.swarm.stack_object_versions(read, 'secrets')).items()
                      | map('last') | map(attribute='name') | list }}"
"""

RETURN = r"""
_value:
  description: By the spec's key, C(name) (the current version, or V(null) when neither the module nor the read
    gave one) and C(versions) (names, oldest first).
  type: dict
  sample: {"token": {"name": "web_token_v3", "versions": ["web_token_v2", "web_token_v3"]}}
"""


def stack_object_versions(results, read, kind):
    """key -> {name, versions} for each result of the secret or config loop."""
    found = {}
    for result in results or []:
        spec = result.get('item') or {}
        if result.get('skipped'):
            versions = [v.get('name') for v in ((read or {}).get(kind) or {}).get(spec.get('name')) or []]
            found[spec.get('key')] = dict(name=versions[-1] if versions else None, versions=versions)
        else:
            found[spec.get('key')] = dict(name=result.get(kind[:-1] + '_name'), versions=list(result.get('versions') or []))
    return found


class FilterModule(object):
    """Stack object versions."""

    def filters(self):
        return {'stack_object_versions': stack_object_versions}
