# -*- coding: utf-8 -*-
# Copyright: dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Wire a stack's versioned secrets, configs and bind volumes into its compose definition."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: stack_compose
short_description: Wire versioned secrets, configs and bind volumes into a compose definition
version_added: 0.1.0
description:
  - Returns a copy of a compose definition (a mapping, as C(docker stack deploy) reads it) in which the
    top-level C(secrets), C(configs) and C(volumes) entries named in O(secrets), O(configs) and O(volumes)
    are external objects under the names given, for example the current version of a secret made by
    M(dockyard.swarm.secret). A service that uses one of them changes when its name changes, so the engine
    rolls that service.
  - The volumes named in O(bind_volumes) are declared as local bind volumes under the name given, with the
    bind options in the definition (C(driver_opts) C(type=none), C(o=bind), C(device=<path>)), the same options
    M(dockyard.swarm.bind_volume) gives them. Where the volume exists the engine uses it; on a node where it
    does not (one the play did not reach), the engine creates the same bind volume, or fails the task visibly
    when the directory is missing; never a plain volume that would take the data.
  - Entries of the definition that are not named stay as they are.
  - Adds C(version) V(3.8) when the definition has none, and refuses a C(version) older than V(3.5), which
    cannot give external objects a name.
options:
  _input:
    description: The compose definition.
    type: dict
    required: true
  stack:
    description: The stack name, used in error messages.
    type: str
    required: true
  secrets:
    description: Logical secret name (the key services use) to the name of the swarm secret.
    type: dict
    default: {}
  configs:
    description: Logical config name (the key services use) to the name of the swarm config.
    type: dict
    default: {}
  volumes:
    description: Logical volume name (the key services use) to the name of an external volume on the nodes.
    type: dict
    default: {}
  bind_volumes:
    description:
      - Logical volume name (the key services use) to a mapping with C(name) (the volume's name on the nodes)
        and C(path) (the absolute path of its directory).
    type: dict
    default: {}
"""

EXAMPLES = r"""
- name: Wire the current version of the token secret into the web stack
  ansible.builtin.set_fact:
    _web_compose: >-
      {{ lookup('ansible.builtin.template', 'web.yml.j2') | ansible.builtin.from_yaml
         | dockyard.swarm.stack_compose('web', secrets={'token': token.secret_name},
                                        bind_volumes={'html': {'name': 'web_html', 'path': '/srv/web/html'}}) }}
"""

RETURN = r"""
_value:
  description: The compose definition with the named secrets, configs and volumes made external, and the bind
    volumes declared with their bind options.
  type: dict
"""


from collections.abc import Mapping

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.text.converters import to_text
from ansible.module_utils.six import string_types

from ansible_collections.dockyard.swarm.plugins.module_utils._paths import normalise

DEFAULT_VERSION = '3.8'
SECTIONS = ('secrets', 'configs', 'volumes')


def _version_tuple(version):
    try:
        return tuple(int(part) for part in to_text(version).split('.'))
    except ValueError:
        return None


def bind_volume(stack, key, volume):
    """A top-level volume entry that binds a host directory, as dockyard.swarm.bind_volume makes it."""
    if not isinstance(volume, dict) or not volume.get('name') or not volume.get('path'):
        raise AnsibleFilterError("Stack '%s': bind volume '%s' needs a name and a path (got %r)." % (stack, key, volume))
    path = to_text(volume['path'])
    if not path.startswith('/'):
        raise AnsibleFilterError("Stack '%s': the path '%s' of bind volume '%s' is relative. Give the absolute path."
                                 % (stack, path, key))
    return dict(name=to_text(volume['name']), driver='local',
                driver_opts=dict(type='none', o='bind', device=normalise(path)))


def _plain_copy(value):
    """A copy made of plain dicts and lists. copy.deepcopy of the containers ansible-core 2.19 hands a
    filter copies the templating context behind them, which takes about half a second per stack."""
    if isinstance(value, Mapping):
        return dict((key, _plain_copy(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return [_plain_copy(item) for item in value]
    return value


def stack_compose(definition, stack, secrets=None, configs=None, volumes=None, bind_volumes=None):
    """The definition with the wired objects declared external under their real names."""
    if not isinstance(definition, dict):
        raise AnsibleFilterError("Stack '%s': the compose definition must be a mapping (with a 'services' key), "
                                 "got %s. Check the template, file or inline definition of this stack."
                                 % (stack, type(definition).__name__))
    services = definition.get('services')
    if not isinstance(services, dict) or not services:
        raise AnsibleFilterError("Stack '%s': the compose definition has no 'services' mapping (found keys: %s). "
                                 "Define at least one service under 'services'."
                                 % (stack, ', '.join(sorted(to_text(k) for k in definition)) or 'none'))
    result = _plain_copy(definition)
    bound = dict((key, bind_volume(stack, key, volume)) for key, volume in (bind_volumes or {}).items())
    wired = dict(secrets=secrets or {}, configs=configs or {}, volumes=volumes or {})
    version = result.get('version')
    if version is None:
        result['version'] = DEFAULT_VERSION
    elif any(wired.values()) or bound:
        parsed = _version_tuple(version)
        if parsed is None or parsed < (3, 5):
            raise AnsibleFilterError("Stack '%s': compose file version '%s' cannot name external secrets, configs "
                                     "or volumes. Use version '3.5' or later (or leave version out for %s)."
                                     % (stack, version, DEFAULT_VERSION))
    for section in SECTIONS:
        if not wired[section] and not (section == 'volumes' and bound):
            continue
        declared = result.get(section) or {}
        if not isinstance(declared, dict):
            raise AnsibleFilterError("Stack '%s': the top-level '%s' of the compose definition must be a mapping, "
                                     "got %s." % (stack, section, type(declared).__name__))
        declared = dict(declared)
        for key, name in wired[section].items():
            if not isinstance(name, string_types) or not name:
                raise AnsibleFilterError("Stack '%s': no name given for %s '%s' (got %r)." % (stack, section, key, name))
            declared[key] = dict(external=True, name=name)
        if section == 'volumes':
            declared.update(bound)
        result[section] = declared
    return result


class FilterModule(object):
    """Compose wiring."""

    def filters(self):
        return {'stack_compose': stack_compose}
