# -*- coding: utf-8 -*-
# Copyright: dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The secrets, configs and bind volumes of one stack entry as specs without their data, and its problems."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: stack_objects
short_description: The secrets, configs and bind volumes of a stack entry, without their data, and what is wrong with it
version_added: 0.1.0
description:
  - Takes one entry of the stack role's C(stack_stacks) and returns, for its secrets, configs and bind volumes, one
    spec each with the name of the object on the swarm or the nodes, its labels and where its data comes from, but
    never the data itself, so that a task may loop over the specs without printing a secret.
  - Also returns the problems of the entry, each a sentence that names the stack, the object, the bad value and
    what to do, so that one check can refuse a bad entry before anything is created. Names are checked against
    Docker's rules, the version suffix C(_v<N>) of secrets and configs included.
options:
  _input:
    description: One entry of C(stack_stacks).
    type: dict
    required: true
  definition:
    description:
      - The stack's compose definition, when it is to be checked too (its services and their names).
      - Not given, only the entry is checked.
    type: dict
"""

EXAMPLES = r"""
- name: Refuse a bad stack entry before anything is created
  ansible.builtin.assert:
    that: (entry | dockyard.swarm.stack_objects).problems | length == 0
    fail_msg: "{{ (entry | dockyard.swarm.stack_objects).problems | join(' ') }}"

- name: Store the stack's secrets, looping over specs that carry no data
  dockyard.swarm.secret:
    name: "{{ item.name }}"
    data: "{{ entry.secrets[item.key].data if item.source == 'data' else lookup('ansible.builtin.file', item.path) }}"
  loop: "{{ (entry | dockyard.swarm.stack_objects).secrets }}"
  loop_control:
    label: "{{ item.key }}"
"""

RETURN = r"""
_value:
  description: The specs and the problems of the entry.
  type: dict
  contains:
    secrets:
      description:
        - One spec per secret, sorted by key, with C(kind) (V(secrets)), C(key), C(name) (the base name of the
          versioned secret), C(labels) (omitted when not given), C(source) (V(data) or V(file)) and, for a file,
          C(path).
      type: list
      elements: dict
    configs:
      description: Like RV(_value.secrets) with C(kind) V(configs) and C(source) V(data), V(file) or V(template).
      type: list
      elements: dict
    bind_volumes:
      description: One spec per bind volume with C(key), C(name) (C(<stack>_<key>)), C(path), and C(owner),
        C(group), C(mode), C(labels) where given.
      type: list
      elements: dict
    problems:
      description: What is wrong with the entry, one sentence each; empty when nothing is.
      type: list
      elements: str
"""

import posixpath

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.text.converters import to_text
from ansible.module_utils.six import string_types

# The rules the modules apply too, so that a stack fails here before anything is created.
from ansible_collections.dockyard.swarm.plugins.module_utils._names import (
    SERVICE_NAME,
    SERVICE_NAME_MAX,
    SWARM_OBJECT_NAME as OBJECT_NAME,
    SWARM_OBJECT_NAME_MAX as OBJECT_NAME_MAX,
    VOLUME_NAME,
)
from ansible_collections.dockyard.swarm.plugins.module_utils._paths import normalise, path_problem

# Room kept for the version suffix of secrets and configs, up to _v99999.
VERSION_SUFFIX_MAX = len('_v99999')

SOURCES = dict(secrets=('data', 'file'), configs=('data', 'file', 'template'))
STACK_SOURCES = ('compose', 'compose_file', 'compose_template')
VOLUME_OPTIONS = ('owner', 'group', 'mode', 'labels')


def _list(values):
    return ', '.join(values) if values else 'none'


class _Checker(object):

    def __init__(self, stack):
        self.stack = stack
        self.problems = []

    def add(self, text, *args):
        self.problems.append(("Stack '%s': " % self.stack) + (text % args))

    def versioned(self, kind, key, name):
        singular = kind[:-1]
        if not isinstance(name, string_types) or not name:
            self.add("%s '%s' has an empty name (got %r). Give it a name of letters, digits, '-', '_' and '.', or "
                     "leave name out for %s_%s.", singular, key, name, self.stack, key)
            return
        versioned = name + '_v1'
        if not OBJECT_NAME.match(versioned):
            self.add("the name '%s' of %s '%s' is not valid for Docker: it must start with a letter or digit and "
                     "hold only letters, digits, '-', '_' and '.'. Rename it.", name, singular, key)
        limit = OBJECT_NAME_MAX - VERSION_SUFFIX_MAX
        if len(name) > limit:
            self.add("the name '%s' of %s '%s' has %d characters; with the version suffix (_v<N>) Docker allows "
                     "%d for it. Give a shorter name (name: in the %s's entry).", name, singular, key, len(name),
                     limit, singular)


def _settings(checker, entry, field, what, holding):
    """(key, settings) of the entry's mapping `field`, each a mapping; the others are problems."""
    declared = entry.get(field) or {}
    if not isinstance(declared, dict):
        checker.add("%s must be a mapping of key to settings, got %s.", field, type(declared).__name__)
        return
    for key in sorted(declared, key=to_text):
        value = declared[key]
        if isinstance(value, dict):
            yield to_text(key), value
        else:
            checker.add("%s '%s' must be a mapping %s, got %s.", what, to_text(key), holding, type(value).__name__)


def _objects(checker, stack, entry, kind, present):
    specs = []
    for key, value in _settings(checker, entry, kind, kind[:-1], '(with %s)' % ' or '.join(SOURCES[kind])):
        given = [source for source in SOURCES[kind] if source in value]
        if len(given) > 1 or (present and not given):
            checker.add("%s '%s' needs exactly one of %s (got %s).", kind[:-1], key, ', '.join(SOURCES[kind]),
                        _list(given))
        name = value.get('name', '%s_%s' % (stack, key))
        checker.versioned(kind, key, name)
        spec = dict(kind=kind, key=key, name=name, source=given[0] if given else None)
        if spec['source'] in ('file', 'template'):
            spec['path'] = value[spec['source']]
        if value.get('labels') is not None:
            spec['labels'] = value['labels']
        specs.append(spec)
    return specs


def _bind_volumes(checker, stack, entry, present):
    specs = []
    for key, value in _settings(checker, entry, 'bind_volumes', 'bind volume', 'with a path'):
        name = '%s_%s' % (stack, key)
        if not VOLUME_NAME.match(name):
            checker.add("bind volume '%s' would be named '%s', which Docker refuses: use a key of letters, digits, "
                        "'_', '.' and '-'.", key, name)
        path = value.get('path')
        if path is None and not present:
            pass  # removing a volume needs only its name
        elif not isinstance(path, string_types) or not path:
            checker.add("bind volume '%s' needs a path: the absolute path of its directory on the nodes.", key)
        elif not path.startswith('/'):
            checker.add("the path '%s' of bind volume '%s' is relative, and the nodes have no directory to resolve it "
                        "against. Give the absolute path, such as /%s.", path, key, posixpath.normpath(path).lstrip('/'))
        if isinstance(path, string_types) and path.startswith('/'):
            path = normalise(path)
            problem = path_problem(path)
            if problem:
                checker.add("the path '%s' of bind volume '%s' cannot be bound: %s. Give a directory of its own, such "
                            "as /srv/%s/%s.", value['path'], key, problem, stack, key)
        spec = dict(key=key, name=name, path=path)
        for option in VOLUME_OPTIONS:
            if value.get(option) is not None:
                spec[option] = value[option]
        specs.append(spec)
    return specs


def bind_volume_specs(entry):
    """The bind volume specs of one entry, as stack_objects gives them, without checking the rest of the entry."""
    stack = to_text(entry.get('name'))
    return _bind_volumes(_Checker(stack), stack, entry, True)


def _definition(checker, stack, definition):
    services = definition.get('services') if isinstance(definition, dict) else None
    if not isinstance(services, dict) or not services:
        checker.add("the compose definition has no 'services' mapping. Define at least one service under 'services'.")
        return
    for service in sorted(services, key=to_text):
        full = '%s_%s' % (stack, to_text(service))
        if not SERVICE_NAME.match(full):
            checker.add("service '%s' would be named '%s', which Docker refuses: service names are letters and "
                        "digits, with '-' and '_' only between them. Rename the service.", service, full)
        elif len(full) > SERVICE_NAME_MAX:
            checker.add("service '%s' would be named '%s' (%d characters); Docker allows %d. Use a shorter stack or "
                        "service name.", service, full, len(full), SERVICE_NAME_MAX)


def stack_objects(entry, definition=None):
    """Specs of the entry's secrets, configs and bind volumes (never their data), and its problems."""
    if not isinstance(entry, dict):
        raise AnsibleFilterError("A stack_stacks entry must be a mapping with a name, got %s." % type(entry).__name__)
    name = entry.get('name')
    stack = to_text(name) if isinstance(name, string_types) and name else '(no name)'
    checker = _Checker(stack)
    if stack == '(no name)':
        checker.add("every entry of stack_stacks needs a name (got %r).", name)
    elif not SERVICE_NAME.match(stack):
        checker.add("the name '%s' is not valid: a stack name is letters and digits, with '-' and '_' only between "
                    "them (its services, networks and volumes are named <stack>_<key>).", stack)
    elif len(stack) > SERVICE_NAME_MAX - 2:
        checker.add("the name '%s' has %d characters; its services are named <stack>_<service>, at most %d. Give a "
                    "shorter name.", stack, len(stack), SERVICE_NAME_MAX)
    state = entry.get('state', 'present')
    if state not in ('present', 'absent'):
        checker.add("state must be present or absent, got '%s'.", state)
    given = [source for source in STACK_SOURCES if source in entry]
    if state == 'present' and len(given) != 1:
        checker.add("a present stack needs exactly one of compose, compose_file and compose_template (got %s).",
                    _list(given))
    present = state == 'present'
    result = dict(secrets=_objects(checker, stack, entry, 'secrets', present),
                  configs=_objects(checker, stack, entry, 'configs', present),
                  bind_volumes=_bind_volumes(checker, stack, entry, present))
    if definition is not None:
        _definition(checker, stack, definition)
    result['problems'] = checker.problems
    return result


class FilterModule(object):
    """Stack object specs."""

    def filters(self):
        return {'stack_objects': stack_objects}
