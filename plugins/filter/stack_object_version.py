# -*- coding: utf-8 -*-
# Copyright: dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Whether a manager's read shows that a versioned secret or config already holds the wanted data."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: stack_object_version
short_description: The version of a secret or config that already holds the wanted data and labels, from a read
version_added: 0.1.0
description:
  - Takes a manager's read of the versioned secrets and configs (M(dockyard.swarm.node_info) with
    O(dockyard.swarm.node_info#module:secrets), O(dockyard.swarm.node_info#module:configs) and
    O(dockyard.swarm.node_info#module:fingerprint_key)), one secret or config spec of a stack and its data, and
    returns the name of the version that M(dockyard.swarm.secret) or M(dockyard.swarm.config) would return without
    changing anything.
  - That is so only when the newest version holds this data (its C(check) equals the one made from the data, the
    version's salt and O(key)), carries the spec's labels (when the spec gives labels), and there are no more
    versions than O(keep), so none would be removed.
  - Returns an empty string in every other case, also when the read did not read the object, the data is not a
    string or is empty, or there is no key; the module then runs and decides.
options:
  _input:
    description: The manager's read, with C(secrets) and C(configs) by name; an empty mapping when there is none.
    type: dict
    required: true
  spec:
    description: A secret or config spec of the filter P(dockyard.swarm.stack_objects#filter), with C(kind)
      (V(secrets) or V(configs)), C(name) and, where given, C(labels).
    type: dict
    required: true
  data:
    description: The data the module would get.
    type: raw
    required: true
  key:
    description: The O(dockyard.swarm.node_info#module:fingerprint_key) of the read.
    type: str
    required: true
  keep:
    description: The O(dockyard.swarm.secret#module:keep_versions) the module would get.
    type: int
    required: true
"""

EXAMPLES = r"""
- name: Store the secret only where the manager's read does not show it as it should be
  dockyard.swarm.secret:
    name: "{{ item.name }}"
    data: "{{ lookup('ansible.builtin.file', item.path) }}"
    keep_versions: 2
  loop: "{{ specs }}"
  when: read | dockyard.swarm.stack_object_version(item, lookup('ansible.builtin.file', item.path), key, 2) == ''
"""

RETURN = r"""
_value:
  description: The name of the current version, such as V(web_token_v3), or an empty string.
  type: str
"""

import hmac

from ansible.module_utils.six import string_types

from ansible_collections.dockyard.swarm.plugins.module_utils._fingerprint import (
    keyed_check,
    labels_match,
    make_fingerprint,
    normalize_labels,
)


def stack_object_version(read, spec, data, key, keep):
    """The newest version's name when the module would change nothing and return it; else ''."""
    versions = ((read or {}).get(spec.get('kind')) or {}).get(spec.get('name'))
    if not key or not versions or not isinstance(data, string_types) or not data or len(versions) > int(keep):
        return ''
    newest = versions[-1]
    if not newest.get('salt') or not newest.get('check'):
        return ''
    expected = keyed_check(key, make_fingerprint(data, newest['salt']))
    if not hmac.compare_digest(expected, newest['check']):
        return ''
    if not labels_match(normalize_labels(spec.get('labels')), newest.get('labels') or {}):
        return ''
    return newest['name']


class FilterModule(object):
    """Stack object version."""

    def filters(self):
        return {'stack_object_version': stack_object_version}
