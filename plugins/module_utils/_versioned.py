# -*- coding: utf-8 -*-

# Copyright (c) dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Versioned swarm objects whose data the engine never gives back: secrets, and configs.

Swarm secrets and configs are immutable. This file keeps, for either kind:
- a keyed fingerprint of the data in a label, to tell later whether the data changed (_fingerprint.py);
- versions `<name>_v<N>`, found by exact labels (never by a name prefix);
- the reuse of an existing version whose data equals the task's, instead of a new one;
- the choice of which old versions to remove: only those that no service's current or previous
  spec (what `docker service rollback` returns to) uses.

Private to this collection: the names here may change without notice.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import binascii

from ansible.module_utils.common.text.converters import to_bytes, to_native, to_text

from ansible_collections.dockyard.swarm.plugins.module_utils._client import (
    NotFound,
    engine_errors,
    require_swarm_manager,
)
from ansible_collections.dockyard.swarm.plugins.module_utils._fingerprint import (
    FINGERPRINT_LABEL,
    LABEL_PREFIX,
    VERSION_LABEL,
    fingerprint_matches,
    labels_match,
    make_fingerprint,
    normalize_labels,
    parse_version,
    same_data_version,
    user_labels,
)
from ansible_collections.dockyard.swarm.plugins.module_utils._names import label_filter, swarm_object_name_problem

TO_BE_CREATED = '(to be created)'


class Kind(object):
    """What differs between secrets and configs: names, the SDK collection, the service reference."""

    def __init__(self, singular, plural, reference_key, id_key):
        self.singular = singular          # secret
        self.plural = plural              # secrets (also the attribute of docker.DockerClient)
        self.reference_key = reference_key  # Secrets, in a service's TaskTemplate.ContainerSpec
        self.id_key = id_key              # SecretID, in each of those references
        self.name_label = LABEL_PREFIX + singular  # dockyard.swarm.secret=<logical name>


KINDS = dict(
    secret=Kind('secret', 'secrets', 'Secrets', 'SecretID'),
    config=Kind('config', 'configs', 'Configs', 'ConfigID'),
)


# --- pure logic (unit tested) -------------------------------------------------------------

def version_name(name, version):
    return '%s_v%d' % (name, version)


def choose_prune(versions, current, keep, users):
    """Which versions to remove, and which to keep only because services still use them.

    versions: dicts with at least `name` and `version` (and `id`, the key of `users`).
    current:  the version the task returns: always kept, and the first of the `keep`.
    keep:     how many versions to keep: the current one, then the newest of the others.
    users:    id -> names of the services whose current or previous spec references that object.
    Returns (remove, kept_in_use), each a list of those dicts, newest first.
    """
    others = sorted((v for v in versions if v['name'] != current['name']), key=lambda v: v['version'], reverse=True)
    beyond = others[max(keep, 1) - 1:]
    remove = [v for v in beyond if not users.get(v['id'])]
    kept_in_use = [v for v in beyond if users.get(v['id'])]
    return remove, kept_in_use


def decode_data(data, is_b64):
    """Bytes to store. Raises ValueError (without the data in its text) on bad base64."""
    if not is_b64:
        return to_bytes(data, errors='surrogate_or_strict')
    try:
        return base64.b64decode(to_bytes(data), validate=True)
    except (binascii.Error, TypeError, ValueError):
        raise ValueError('not valid base64')


def services_using(services, kind, spec_key='Spec'):
    """id -> sorted names of the services whose task template references that object.

    spec_key: `Spec` for what the services run now, `PreviousSpec` for what a rollback returns to.
    """
    users = {}
    for service in services:
        name = (service.get('Spec') or {}).get('Name') or service.get('ID')
        spec = service.get(spec_key) or {}
        container = (spec.get('TaskTemplate') or {}).get('ContainerSpec') or {}
        for reference in container.get(kind.reference_key) or []:
            object_id = reference.get(kind.id_key)
            if object_id:
                users.setdefault(object_id, set()).add(name)
    return dict((k, sorted(v)) for k, v in users.items())


def merge_users(current, previous):
    """One id -> service descriptions map, a service named by its previous spec marked as such."""
    merged = dict((k, list(v)) for k, v in current.items())
    for object_id, names in previous.items():
        for name in names:
            if name not in merged.get(object_id, []):
                merged.setdefault(object_id, []).append('%s (previous spec)' % name)
    return dict((k, sorted(v)) for k, v in merged.items())


# --- the manager ----------------------------------------------------------------------------

class VersionedObjectManager(object):
    """Reads the objects of one logical secret/config, compares them with the task, and acts."""

    def __init__(self, module, client, kind, tracker):
        self.module = module
        self.client = client
        self.kind = kind
        self.tracker = tracker
        self.collection = getattr(client, kind.plural)
        params = module.params
        self.name = params['name']
        self.state = params['state']
        self.rotate = params['rotate']
        self.keep = params['keep_versions']
        self.labels = normalize_labels(params.get('labels'))
        self.data = None
        self._services = None
        self.removed = []
        self.kept_in_use = []
        self.kept_in_use_by = {}
        self.reused = False

    # Messages name the object by kind and logical name.
    @property
    def what(self):
        return "%s '%s'" % (self.kind.singular.capitalize(), self.name)

    def fail(self, msg):
        self.module.fail_json(msg=msg)

    # --- inputs -------------------------------------------------------------------------

    def check_inputs(self):
        self.check_name(self.name, '_v1' if self.rotate and self.state == 'present' else '')
        if self.keep < 1:
            self.fail('%s: keep_versions must be 1 or more, got %d. The version this task returns is always kept; '
                      'use state: absent to remove every version.' % (self.what, self.keep))
        reserved = sorted(k for k in (self.labels or {}) if k.startswith(LABEL_PREFIX))
        if reserved:
            self.fail('%s: the labels %s start with "%s", which this collection keeps for its own labels. '
                      'Rename them.' % (self.what, ', '.join(reserved), LABEL_PREFIX))
        if self.state == 'present':
            self.data = self.load_data()

    def check_name(self, name, suffix):
        problem = swarm_object_name_problem(name, suffix)
        if problem:
            self.fail("%s: '%s' is not a valid %s name: %s. Give a name that Docker accepts, such as db_password."
                      % (self.what, name, self.kind.singular, problem))

    def load_data(self):
        params = self.module.params
        if params.get('data_src') is not None:
            src = params['data_src']
            source = "data_src '%s'" % src
            try:
                with open(src, 'rb') as f:
                    data = f.read()
            except (IOError, OSError) as exc:
                self.fail("%s: cannot read data_src '%s' on the managed node: %s. Give the path of a readable file "
                          "on the node the task runs on (use data with a lookup for a file on the controller)."
                          % (self.what, src, to_native(exc.strerror or exc)))
        else:
            source = 'data'
            try:
                data = decode_data(params['data'], params['data_is_b64'])
            except ValueError:
                self.fail('%s: data_is_b64 is true but data is not valid base64. Give base64 text '
                          '(for example with the b64encode filter) or set data_is_b64: false.' % self.what)
        if not data:
            self.fail('%s: %s is empty, and Docker refuses a %s without data. Give the data to store.'
                      % (self.what, source, self.kind.singular))
        # Never let the data (or its text form) show in output, whichever way it came.
        self.module.no_log_values.add(to_text(data, errors='surrogate_or_replace'))
        return data

    # --- reading --------------------------------------------------------------------------

    def describe(self, obj):
        spec = obj.attrs.get('Spec') or {}
        labels = spec.get('Labels') or {}
        return dict(id=obj.id, name=spec.get('Name'), version=parse_version(labels), labels=labels)

    def list_objects(self, filters):
        with engine_errors(self.module, 'listing %s (%s)' % (self.kind.plural, filters)):
            return [self.describe(obj) for obj in self.collection.list(filters=filters)]

    def labelled(self):
        """Every object carrying this logical name's label, whatever its version."""
        return self.list_objects({'label': label_filter(self.kind.name_label, self.name)})

    def find_versions(self):
        """This logical object's versions, oldest first, found by the exact name label."""
        return sorted((v for v in self.labelled() if v['version'] is not None), key=lambda v: v['version'])

    def find_by_name(self, name):
        # The engine's name filter matches more than the exact name.
        return next((o for o in self.list_objects({'name': name}) if o['name'] == name), None)

    def find_all(self):
        """Every object of this logical name: its versions, the fixed-name object, any labelled one."""
        found = self.labelled()
        fixed = self.find_by_name(self.name)
        if fixed and fixed['id'] not in [o['id'] for o in found]:
            found.append(fixed)
        return sorted(found, key=lambda o: (o['version'] or 0, o['name']))

    def services(self):
        if self._services is None:
            with engine_errors(self.module, 'listing services to see which use %s' % self.kind.plural):
                self._services = [s.attrs for s in self.client.services.list()]
        return self._services

    def users(self):
        """id -> the services that run with that object now."""
        return services_using(self.services(), self.kind)

    def rollback_users(self):
        """id -> the services whose previous spec (what a rollback returns to) names that object."""
        return services_using(self.services(), self.kind, 'PreviousSpec')

    # --- acting (engine calls skipped in check mode) --------------------------------------

    def create(self, name, version, check_taken=True):
        taken = self.find_by_name(name) if check_taken else None
        if taken:
            self.fail("%s: cannot create %s '%s': a %s with that name already exists (id %s) without the label %s=%s, "
                      "so it does not belong to '%s'. Remove or rename it, or choose another name."
                      % (self.what, self.kind.singular, name, self.kind.singular, taken['id'],
                         self.kind.name_label, self.name, self.name))
        labels = dict(self.labels or {})
        labels[self.kind.name_label] = self.name
        labels[FINGERPRINT_LABEL] = make_fingerprint(self.data)
        if version is not None:
            labels[VERSION_LABEL] = str(version)
        new = dict(id='', name=name, version=version, labels=labels)
        if not self.module.check_mode:
            with engine_errors(self.module, "creating %s '%s'" % (self.kind.singular, name)):
                new['id'] = self.collection.create(name=name, data=self.data, labels=labels).id
        self.tracker.act('created %s %s' % (self.kind.singular, name))
        return new

    def remove(self, obj):
        if not self.module.check_mode:
            with engine_errors(self.module, "removing %s '%s'" % (self.kind.singular, obj['name'])):
                try:
                    self.collection.get(obj['id']).remove()
                except NotFound:
                    pass  # already gone: the wanted state
        self.removed.append(obj['name'])
        self.tracker.act('removed %s %s' % (self.kind.singular, obj['name']))

    # --- state shown in the diff: names, versions, ids and labels, never data ---------------

    def snapshot(self, objects):
        return {self.kind.plural: dict(
            (o['name'], dict(id=o['id'] or TO_BE_CREATED, version=o['version'], labels=user_labels(o['labels'])))
            for o in objects)}

    # --- the wanted states ------------------------------------------------------------------

    def run(self):
        self.check_inputs()
        require_swarm_manager(self.module, self.client, self.kind.plural)
        if self.state == 'absent':
            return self.absent()
        if self.rotate:
            return self.present_rotating()
        return self.present_fixed()

    def present_rotating(self):
        versions = self.find_versions()
        self.tracker.found(self.snapshot(versions))
        current = same_data_version(versions, self.data, self.labels)
        if current is None:
            number = versions[-1]['version'] + 1 if versions else 1
            self.check_name(self.name, '_v%d' % number)
            current = self.create(version_name(self.name, number), number)
            versions.append(current)
        else:
            # An older version with this data (a later run made a newer one, e.g. one that failed).
            self.reused = current is not versions[-1]

        in_use = {}
        if len(versions) > self.keep:
            in_use = merge_users(self.users(), self.rollback_users())
        remove, kept_in_use = choose_prune(versions, current, self.keep, in_use)
        for old in remove:
            self.remove(old)
        # Kept, and reported in the result, not warned about: a version that services still run (or
        # roll back to) is the normal middle of a rotation, and a run after they moved on removes it.
        self.kept_in_use = [old['name'] for old in kept_in_use]
        self.kept_in_use_by = dict((old['name'], in_use[old['id']]) for old in kept_in_use)
        remaining = [v for v in versions if v not in remove]
        self.tracker.will_be(self.snapshot(remaining))
        return current, remaining

    def present_fixed(self):
        existing = self.find_by_name(self.name)
        self.tracker.found(self.snapshot([existing] if existing else []))
        if existing is None:
            current = self.create(self.name, None, check_taken=False)
        else:
            reason = self.why_different(existing)
            if reason is None:
                current = existing
            else:
                services = self.users().get(existing['id'])
                if services:
                    self.fail('%s must be replaced (%s) but is used by services: %s. A swarm %s cannot change in '
                              'place. Set rotate: true to create a new version instead, or take it out of those '
                              'services first (docker service update --%s-rm %s <service>).'
                              % (self.what, reason, ', '.join(services), self.kind.singular,
                                 self.kind.singular, self.name))
                self.warn_rollback_loses([existing])
                self.remove(existing)
                current = self.create(self.name, None, check_taken=False)
        self.tracker.will_be(self.snapshot([current]))
        return current, [current]

    def why_different(self, existing):
        labels = existing['labels']
        if FINGERPRINT_LABEL not in labels:
            return 'it has no %s label, so whether its data differs cannot be told' % FINGERPRINT_LABEL
        if not fingerprint_matches(self.data, labels[FINGERPRINT_LABEL]):
            return 'its data differs'
        if not labels_match(self.labels, labels):
            return 'its labels differ: wanted %s, found %s' % (user_labels(self.labels), user_labels(labels))
        return None

    def warn_rollback_loses(self, objects):
        """Removing what only a previous spec names is allowed, but that service can no longer roll back."""
        previous = self.rollback_users()
        for obj in objects:
            services = previous.get(obj['id'])
            if services:
                self.module.warn("%s: %s %s, which the previous spec of services %s names: a rollback of %s "
                                 "(docker service rollback) will fail for want of it."
                                 % (self.what, 'would remove' if self.module.check_mode else 'removed', obj['name'],
                                    ', '.join(services), 'them' if len(services) > 1 else 'it'))

    def absent(self):
        found = self.find_all()
        self.tracker.found(self.snapshot(found))
        in_use = [(o, self.users()[o['id']]) for o in found if self.users().get(o['id'])] if found else []
        if in_use:
            self.fail("Cannot remove %s '%s': %s. Take %s out of those services first (docker service update --%s-rm), "
                      'then run this task again. Nothing was removed.'
                      % (self.kind.singular, self.name, '; '.join('%s is used by services: %s' % (o['name'], ', '.join(s)) for o, s in in_use),
                         'them' if len(in_use) > 1 else 'it', self.kind.singular))
        if found:
            self.warn_rollback_loses(found)
        for obj in found:
            self.remove(obj)
        self.tracker.will_be(self.snapshot([]))
        return None, []


def versioned_argument_spec():
    """The options a versioned object module (secret, config) takes, besides the connection ones."""
    return dict(
        name=dict(type='str', required=True),
        data=dict(type='str', no_log=True),
        data_src=dict(type='path'),
        data_is_b64=dict(type='bool', default=False),
        labels=dict(type='dict'),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        rotate=dict(type='bool', default=True),
        keep_versions=dict(type='int', default=2),
    )


VERSIONED_MODULE_KWARGS = dict(
    supports_check_mode=True,
    mutually_exclusive=[('data', 'data_src')],
    required_if=[('state', 'present', ('data', 'data_src'), True)],
)


def run_versioned_module(module, client, kind, tracker):
    """Run the manager and exit with `<kind>_name`, `<kind>_id` and the rest of the shared result."""
    manager = VersionedObjectManager(module, client, kind, tracker)
    current, remaining = manager.run()
    prefix = kind.singular
    tracker.exit(**{
        prefix + '_name': current['name'] if current else None,
        prefix + '_id': current['id'] if current else None,
        'version': current['version'] if current else None,
        'versions': [o['name'] for o in remaining],
        'reused': manager.reused,
        'removed': manager.removed,
        'kept_in_use': manager.kept_in_use,
        'kept_in_use_by': manager.kept_in_use_by,
    })
