#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright (c) dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
module: secret
short_description: Manage Docker swarm secrets, versioned so that their data can change
description:
  - Creates, versions and removes swarm secrets. Runs only on a swarm manager.
  - A swarm secret cannot change. With O(rotate=true) (the default) new data makes a new version
    C(<name>_v<N>) and leaves the older ones in place for the services that still use them; the
    module returns the version to use in RV(secret_name). Old versions beyond O(keep_versions) are
    removed once no service uses them.
  - The engine never gives secret data back. To tell whether the data changed, the module keeps a
    fingerprint in the label C(dockyard.swarm.fingerprint) - an HMAC-SHA256 of the data keyed with a
    random salt made for that secret (C(<salt>:<hmac>)) - never the data and never a plain digest of it.
  - Versions are found by their labels C(dockyard.swarm.secret=<name>) and C(dockyard.swarm.version=<N>),
    never by a name prefix, so O(name=db) never touches C(db_admin_v3).
  - The data never appears in results, diffs, warnings or verbose output.
version_added: 0.1.0
author:
  - dockyard.swarm maintainers (@dockyard)
extends_documentation_fragment:
  - dockyard.swarm.docker
  - dockyard.swarm.docker.attributes
attributes:
  check_mode:
    support: full
    details:
      - Reports the version that would be created (RV(secret_id) is then empty) and the versions that would be removed.
  diff_mode:
    support: full
    details:
      - The diff shows secret names, versions, ids and user labels; never the data nor its fingerprint.
  idempotent:
    support: full
options:
  name:
    description:
      - The logical name of the secret.
      - With O(rotate=true) the secrets are named C(<name>_v<N>); with O(rotate=false), C(<name>).
      - Docker's rules for secret names apply to the full name, suffix included - letters, digits, C(_), C(.) and
        C(-), starting and ending with a letter or a digit, at most 64 characters (so at most 61 with
        O(rotate=true), fewer once the version number has more digits). An empty or invalid name fails before
        anything is read or changed.
    type: str
    required: true
  data:
    description:
      - The secret data.
      - Mutually exclusive with O(data_src). One of them is required when O(state=present).
    type: str
  data_src:
    description:
      - A file on the managed node whose content is the secret data, read as bytes.
      - Mutually exclusive with O(data). One of them is required when O(state=present).
    type: path
  data_is_b64:
    description:
      - O(data) is base64 and is decoded before use; the way to give binary data.
      - Applies to O(data) only; O(data_src) is always read as it is.
    type: bool
    default: false
  labels:
    description:
      - Labels of the secret. Keys starting with C(dockyard.swarm.) are kept for the module's own labels.
      - When given, they are part of what the secret must look like, so other labels make a new version
        (O(rotate=true)) or a replaced secret (O(rotate=false)). When not given, labels are not compared.
    type: dict
  state:
    description:
      - V(present) makes sure the secret (its current version) exists with this data.
      - V(absent) removes every version and the fixed-name secret; it fails, and removes nothing, while a
        service uses one of them. One that only the previous spec of a service names is removed, with a warning
        that a rollback of that service will fail.
    type: str
    choices: [present, absent]
    default: present
  rotate:
    description:
      - V(true) versions the secret, C(<name>_v<N>), and makes a new version when the data or O(labels) change.
        When they equal those of an existing version (its fingerprint label), the newest such version is returned
        instead of a new one, even if newer versions exist (for example from a run that failed), and RV(reused) is
        then V(true).
      - V(false) keeps the fixed name C(<name>). Changed data replaces an unused secret; a secret that
        a service uses cannot change in place, so the task then fails and names the services.
      - A fixed-name secret that has no fingerprint label (made by other means) counts as changed.
    type: bool
    default: true
  keep_versions:
    description:
      - With O(rotate=true), how many versions to keep, the current one included.
      - Kept are the version the task returns, then the newest of the others. Older versions are removed when
        no service uses them, neither in its current spec nor in its previous spec (what
        C(docker service rollback) returns to). Those still in use are kept and listed in RV(kept_in_use),
        until their services move on; a later run of the task removes them.
    type: int
    default: 2
seealso:
  - module: community.docker.docker_swarm_service
  - module: community.docker.docker_secret
notes:
  - The fingerprint label can be read by anyone who may list the secrets. It is salted and keyed, so it
    cannot be matched against a table of digests, but a short or guessable secret can still be found by
    trying candidates one by one; use long random secrets.
"""

EXAMPLES = r"""
- name: Store the database password as a versioned secret
  dockyard.swarm.secret:
    name: db_password
    data: "{{ vault_db_password }}"
  register: db_password

- name: Run the service with the current version of the secret
  community.docker.docker_swarm_service:
    name: app
    image: example/app:1.4
    secrets:
      - secret_name: "{{ db_password.secret_name }}"
        filename: /run/secrets/db_password

- name: Store a binary key kept base64 encoded in the vault
  dockyard.swarm.secret:
    name: tls_key
    data: "{{ vault_tls_key_b64 }}"
    data_is_b64: true
    keep_versions: 3
    labels:
      team: web

- name: Store a secret from a file on the manager node, under a fixed name
  dockyard.swarm.secret:
    name: registry_token
    data_src: /etc/dockyard/registry-token
    rotate: false

- name: Remove every version of a secret
  dockyard.swarm.secret:
    name: db_password
    state: absent
"""

RETURN = r"""
secret_name:
  description:
    - The name of the secret to give to services; C(<name>_v<N>) with O(rotate=true).
  returned: success and O(state=present)
  type: str
  sample: db_password_v3
secret_id:
  description:
    - The engine's id of that secret. Empty in check mode when the secret would be created.
  returned: success and O(state=present)
  type: str
  sample: hzehrmyjigmcp2gb6nlhmjqcv
version:
  description:
    - The version number of RV(secret_name); null with O(rotate=false).
  returned: success and O(state=present)
  type: int
  sample: 3
versions:
  description:
    - The secrets of this logical name that exist when the task ends (would exist, in check mode), oldest first.
  returned: success
  type: list
  elements: str
  sample: [db_password_v2, db_password_v3]
removed:
  description:
    - The secrets the task removed (would remove, in check mode).
  returned: success
  type: list
  elements: str
  sample: [db_password_v1]
reused:
  description:
    - V(true) when RV(secret_name) is an existing version older than the newest, returned because its data (and
      O(labels), when given) equal the task's; no new version was made.
  returned: success
  type: bool
  sample: false
kept_in_use:
  description:
    - Old versions beyond O(keep_versions) that were kept because services use them, in their current spec or
      in their previous one (what C(docker service rollback) returns to).
  returned: success
  type: list
  elements: str
  sample: []
kept_in_use_by:
  description:
    - For each version in RV(kept_in_use), the services that use it; C(<service> (previous spec)) when only
      that service's previous spec names it.
  returned: success
  type: dict
  sample: {db_password_v1: [web (previous spec)]}
actions:
  description:
    - What the task did (would do, in check mode), one line per change. Empty when nothing changed.
  returned: always
  type: list
  elements: str
  sample: [created secret db_password_v3, removed secret db_password_v1]
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.swarm.plugins.module_utils._client import connect, docker_argument_spec
from ansible_collections.dockyard.swarm.plugins.module_utils._result import ChangeTracker
from ansible_collections.dockyard.swarm.plugins.module_utils._versioned import (
    KINDS,
    VERSIONED_MODULE_KWARGS,
    run_versioned_module,
    versioned_argument_spec,
)


def main():
    module = AnsibleModule(argument_spec=docker_argument_spec(**versioned_argument_spec()), **VERSIONED_MODULE_KWARGS)
    run_versioned_module(module, connect(module), KINDS['secret'], ChangeTracker(module))


if __name__ == '__main__':
    main()
