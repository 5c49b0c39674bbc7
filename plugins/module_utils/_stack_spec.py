# -*- coding: utf-8 -*-

# Copyright (c) dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What a stack's definition asks for, compared with what its services run (pure logic).

The compose file is turned into service specs by the docker CLI; these functions read back,
from a running service spec, the fields a definition sets, normalised the way the CLI writes
them, so that a deploy can tell a service that drifted from its definition.

Private to this collection: the names here may change without notice.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import json
import re
import shlex

from ansible.module_utils.common.text.converters import to_text

NAMESPACE_LABEL = 'com.docker.stack.namespace'
DIGEST_LABEL = 'dockyard.swarm.stack.digest'
MODES = {'Replicated': 'replicated', 'Global': 'global', 'ReplicatedJob': 'replicated-job', 'GlobalJob': 'global-job'}
JOB_MODES = ('replicated-job', 'global-job')
# Fields whose values may be shown; the others (environment, command, labels, ...) may carry
# secrets, so a drift report names them only.
SHOWN_FIELDS = ('image', 'mode', 'replicas')
UNITS = {'': 1, 'b': 1, 'k': 1024, 'kb': 1024, 'm': 1024 ** 2, 'mb': 1024 ** 2, 'g': 1024 ** 3, 'gb': 1024 ** 3,
         't': 1024 ** 4, 'tb': 1024 ** 4}
# Counts, ports and switches; a longer number (a PIN, a numeric password) is masked.
HARMLESS_VALUE = re.compile(r'^([0-9.]{0,5}|true|false|yes|no|on|off)$', re.IGNORECASE)


def definition_digest(definition):
    """sha256 of the definition in a canonical JSON form (sorted keys), hex."""
    text = json.dumps(definition, sort_keys=True, separators=(',', ':'), default=to_text)
    return hashlib.sha256(text.encode('utf-8')).hexdigest()


def as_dict(value):
    """A compose mapping given as a mapping or as a list of "key=value" strings."""
    if isinstance(value, dict):
        return dict(value)
    result = {}
    for item in value or []:
        key, sep, val = to_text(item).partition('=')
        result[key] = val if sep else None
    return result


def with_digest_labels(definition, digest):
    """A copy of the definition whose services carry the digest as a service label (deploy.labels).

    Service labels are not part of the task template, so a changed digest alone restarts no task.
    """
    result = dict(definition)
    services = {}
    for name, service in (definition.get('services') or {}).items():
        if not isinstance(service or {}, dict) or not isinstance(service and service.get('deploy') or {}, dict):
            services[name] = service  # malformed: left for the CLI's check to name
            continue
        service = dict(service or {})
        deploy = dict(service.get('deploy') or {})
        labels = dict((k, '' if v is None else v) for k, v in as_dict(deploy.get('labels')).items())
        labels[DIGEST_LABEL] = digest
        deploy['labels'] = labels
        service['deploy'] = deploy
        services[name] = service
    result['services'] = services
    return result


def missing_or_outdated(stack, definition, digest, current, prune):
    """Service names that do not exist or carry another digest (and, with prune, those not in the definition).

    current: service name -> service labels, for the services of the stack.
    """
    wanted = set('%s_%s' % (stack, name) for name in definition.get('services') or {})
    result = sorted(name for name in wanted if (current.get(name) or {}).get(DIGEST_LABEL) != digest
                    or name not in current)
    if prune:
        result += sorted(set(current) - wanted)
    return result


def secret_values(definition, known=None):
    """What Ansible must mask in any output: the environment values of the definition, and `known`.

    known: further secret values (the data of the stack's secrets), masked whole and line by line,
    since a task's log is reported line by line.
    Short numbers and yes/no words are left out: masking "1" would garble every count in the
    messages, and such a value is no secret.
    """
    texts = []
    services = definition.get('services') if isinstance(definition, dict) else None
    for service in services.values() if isinstance(services, dict) else []:
        environment = service.get('environment') if isinstance(service, dict) else None
        if isinstance(environment, (dict, list, tuple)):
            texts.extend(env_text(value) for value in as_dict(environment).values())
        else:
            # Malformed (the CLI will refuse it), but it may still hold a secret.
            texts.append(env_text(environment))
    for value in known or []:
        text = to_text(value, errors='surrogate_or_replace')
        texts.append(text)
        texts.extend(line.strip() for line in text.splitlines())
    return set(text for text in texts if text and not HARMLESS_VALUE.match(text))


# --- the fields a definition sets, as the CLI writes them into the service spec ---------------

def env_text(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return 'true' if value else 'false'
    return to_text(value)


def normalise_image(image):
    """An image reference without the digest the CLI pins, with the registry and tag the engine implies."""
    image = to_text(image or '').split('@', 1)[0]
    for prefix in ('docker.io/library/', 'index.docker.io/library/', 'docker.io/', 'index.docker.io/'):
        if image.startswith(prefix):
            image = image[len(prefix):]
            break
    if ':' not in image.rsplit('/', 1)[-1]:
        image += ':latest'
    return image


def words(value):
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return [to_text(item) for item in value]
    return shlex.split(to_text(value))


def nano_cpus(value):
    return int(round(float(value) * 1e9))


def memory_bytes(value):
    if isinstance(value, int):
        return value
    match = re.match(r'^\s*([0-9.]+)\s*([a-zA-Z]*)\s*$', to_text(value))
    if not match or match.group(2).lower() not in UNITS:
        return to_text(value)
    return int(float(match.group(1)) * UNITS[match.group(2).lower()])


def duration_ns(value):
    units = {'ns': 1, 'us': 10 ** 3, 'ms': 10 ** 6, 's': 10 ** 9, 'm': 60 * 10 ** 9, 'h': 3600 * 10 ** 9}
    total = 0
    text = to_text(value)
    parts = re.findall(r'([0-9.]+)(ns|us|ms|s|m|h)', text)
    if not parts or ''.join(n + u for n, u in parts) != text:
        return text
    for number, unit in parts:
        total += float(number) * units[unit]
    return int(total)


def user_labels(labels):
    return dict((k, to_text(v)) for k, v in (labels or {}).items() if k not in (NAMESPACE_LABEL, DIGEST_LABEL))


def wanted_fields(service):
    """field -> value: what a compose service sets, normalised as in a service spec.

    Only fields the definition sets are listed (mode and replicas always: the CLI always sets them).
    """
    service = service or {}
    deploy = service.get('deploy') or {}
    mode = deploy.get('mode') or 'replicated'
    fields = {'mode': mode}
    if mode == 'replicated':
        fields['replicas'] = int(deploy['replicas']) if deploy.get('replicas') is not None else 1
    if service.get('image'):
        fields['image'] = normalise_image(service['image'])
    if 'environment' in service:
        env = dict((k, env_text(v)) for k, v in as_dict(service['environment']).items() if v is not None)
        # Variables without a value come from the CLI's environment, and env_file adds others: only
        # the ones written here are compared then.
        complete = 'env_file' not in service and None not in as_dict(service['environment']).values()
        fields['environment'] = (env, complete)
    for key in ('command', 'entrypoint'):
        if key in service:
            fields[key] = words(service[key]) or []
    if 'labels' in deploy:
        fields['deploy.labels'] = user_labels(dict((k, '' if v is None else v) for k, v in as_dict(deploy['labels']).items()))
    if 'labels' in service:
        fields['labels'] = user_labels(dict((k, '' if v is None else v) for k, v in as_dict(service['labels']).items()))
    for key in ('user', 'working_dir', 'hostname', 'stop_signal'):
        if service.get(key) is not None:
            fields[key] = to_text(service[key])
    for key in ('read_only', 'tty', 'init'):
        if service.get(key) is not None:
            fields[key] = bool(service[key])
    if service.get('stop_grace_period') is not None:
        fields['stop_grace_period'] = duration_ns(service['stop_grace_period'])
    resources = deploy.get('resources') or {}
    for kind in ('limits', 'reservations'):
        for key, value in (resources.get(kind) or {}).items():
            if value is None:
                continue
            if key == 'cpus':
                fields['resources.%s.cpus' % kind] = nano_cpus(value)
            elif key == 'memory':
                fields['resources.%s.memory' % kind] = memory_bytes(value)
            elif key == 'pids':
                fields['resources.%s.pids' % kind] = int(value)
    placement = deploy.get('placement') or {}
    if 'constraints' in placement:
        fields['placement.constraints'] = sorted(to_text(c).replace(' ', '') for c in placement['constraints'] or [])
    if placement.get('max_replicas_per_node') is not None:
        fields['placement.max_replicas_per_node'] = int(placement['max_replicas_per_node'])
    return fields


def running_fields(spec):
    """field -> value: the same fields read from a service spec (docker service inspect's Spec)."""
    spec = spec or {}
    template = spec.get('TaskTemplate') or {}
    container = template.get('ContainerSpec') or {}
    mode_key = next(iter(spec.get('Mode') or {'Replicated': {}}))
    fields = {'mode': MODES.get(mode_key, mode_key)}
    if mode_key == 'Replicated':
        replicas = (spec['Mode'].get('Replicated') or {}).get('Replicas')
        fields['replicas'] = 1 if replicas is None else replicas
    fields['image'] = normalise_image(container.get('Image'))
    fields['environment'] = as_dict(container.get('Env'))
    fields['command'] = list(container.get('Args') or [])
    fields['entrypoint'] = list(container.get('Command') or [])
    fields['deploy.labels'] = user_labels(spec.get('Labels'))
    fields['labels'] = user_labels(container.get('Labels'))
    for key, name in (('user', 'User'), ('working_dir', 'Dir'), ('hostname', 'Hostname'), ('stop_signal', 'StopSignal')):
        fields[key] = container.get(name) or ''
    for key, name in (('read_only', 'ReadOnly'), ('tty', 'TTY'), ('init', 'Init')):
        fields[key] = bool(container.get(name))
    fields['stop_grace_period'] = container.get('StopGracePeriod')
    resources = template.get('Resources') or {}
    for kind, name in (('limits', 'Limits'), ('reservations', 'Reservations')):
        values = resources.get(name) or {}
        fields['resources.%s.cpus' % kind] = values.get('NanoCPUs') or 0
        fields['resources.%s.memory' % kind] = values.get('MemoryBytes') or 0
        fields['resources.%s.pids' % kind] = values.get('Pids') or 0
    placement = template.get('Placement') or {}
    fields['placement.constraints'] = sorted(c.replace(' ', '') for c in placement.get('Constraints') or [])
    fields['placement.max_replicas_per_node'] = placement.get('MaxReplicas') or 0
    return fields


def interpolated(value):
    """The value as the CLI writes it after compose interpolation ($$ is a $), or None when a variable
    of the CLI's environment ($VAR) decides it and it cannot be predicted here."""
    if isinstance(value, dict):
        items = [(k, interpolated(v)) for k, v in value.items()]
        return None if any(v is None and value[k] is not None for k, v in items) else dict(items)
    if isinstance(value, (list, tuple)):
        items = [interpolated(v) for v in value]
        return None if any(v is None and o is not None for v, o in zip(items, value)) else type(value)(items)
    if isinstance(value, str):
        if '$' in value.replace('$$', ''):
            return None
        return value.replace('$$', '$')
    return value


def field_drift(field, wanted, running):
    """A short text saying how a field differs, or None. Values are shown only for SHOWN_FIELDS."""
    if field == 'environment':
        env, complete = wanted
        keys = set(env) | (set(running) if complete else set())
        differing = sorted(k for k in keys if env.get(k) != running.get(k))
        return 'environment (%s)' % ', '.join(differing) if differing else None
    if wanted == running:
        return None
    if field in SHOWN_FIELDS:
        return '%s %s, definition says %s' % (field, running, wanted)
    return field


def drift(stack, definition, services):
    """service name -> list of texts naming the fields in which a running service differs from the definition.

    services: service name -> Spec, for the services of the stack.
    """
    result = {}
    for short, service in sorted((definition.get('services') or {}).items()):
        name = '%s_%s' % (stack, short)
        if name not in services:
            continue
        wanted = wanted_fields(service)
        running = running_fields(services[name])
        if wanted['mode'] != running['mode']:
            wanted.pop('replicas', None)
        wanted = dict((f, interpolated(v)) for f, v in wanted.items())
        differences = [text for text in (field_drift(f, wanted[f], running.get(f)) for f in sorted(wanted)
                                         if wanted[f] is not None) if text]
        if differences:
            result[name] = differences
    return result


def deploy_plan(stack, definition, digest, services, prune):
    """What a deploy must do: (outdated service names, drift, the diff view of what it will make).

    services: service name -> Spec, for the services of the stack.
    A definition whose values the comparison cannot read (replicas: three, a deploy that is not a
    mapping) is malformed: its digest is new, so every service counts as outdated, the deploy runs
    and the CLI's check names the problem.
    """
    current = dict((name, spec.get('Labels') or {}) for name, spec in services.items())
    outdated = missing_or_outdated(stack, definition, digest, current, prune)
    kept = {} if prune else summary(services)
    try:
        return outdated, drift(stack, definition, services), wanted_summary(stack, definition, digest, kept)
    except (ValueError, TypeError, AttributeError):
        return outdated, {}, dict((name, dict(digest=digest)) for name in outdated)


def images_kept(stack, definition, services):
    """service name -> image, for the services whose running image is not the one the definition names.

    `docker stack deploy` with --resolve-image never or changed keeps a service's running image when
    the definition's image equals the one the CLI recorded at the last deploy (the label
    com.docker.stack.image), so an image changed out of band (docker service update --image)
    survives the deploy. services: service name -> Spec, read after the deploy.
    """
    result = {}
    for short, service in sorted((definition.get('services') or {}).items()):
        name = '%s_%s' % (stack, short)
        image = interpolated((service or {}).get('image'))
        if name not in services or not image:
            continue
        if normalise_image(image) != running_fields(services[name])['image']:
            result[name] = to_text(image)
    return result


def summary(services):
    """The diff view of services (name -> Spec): digest, image, mode and replicas, never other values."""
    result = {}
    for name, spec in sorted(services.items()):
        fields = running_fields(spec)
        view = dict(digest=(spec.get('Labels') or {}).get(DIGEST_LABEL, ''), image=fields['image'], mode=fields['mode'])
        if 'replicas' in fields:
            view['replicas'] = fields['replicas']
        result[name] = view
    return result


def wanted_summary(stack, definition, digest, current):
    """The diff view of what the definition will make (the image as written, without a digest the CLI may pin)."""
    result = {}
    for short, service in sorted((definition.get('services') or {}).items()):
        fields = wanted_fields(service)
        view = dict(digest=digest, image=fields.get('image', ''), mode=fields['mode'])
        if 'replicas' in fields:
            view['replicas'] = fields['replicas']
        result['%s_%s' % (stack, short)] = view
    for name, view in current.items():
        result.setdefault(name, view)
    return result


def rollback_plan(before, after, failing, scope):
    """What a rollback does: (services to roll back to their previous spec, services to remove).

    before: name -> Spec read before the deploy; after: name -> Spec now.
    failing: names of the services that did not converge. scope: 'failed' or 'stack'.
    A service whose spec is the one read before the deploy is left alone: it runs its previous
    version already (the engine may have rolled it back itself), and rolling it back again would
    return to the failed one. Services the deploy created have no previous spec: with 'stack'
    they are removed, with 'failed' they are left as they are (and named in the message).
    """
    candidates = sorted(after) if scope == 'stack' else sorted(n for n in failing if n in after)
    roll = [n for n in candidates if n in before and before[n] != after[n]]
    remove = [n for n in candidates if n not in before] if scope == 'stack' else []
    return roll, remove
