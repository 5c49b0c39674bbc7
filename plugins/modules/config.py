#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright (c) dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
module: config
short_description: Manage Docker swarm configs, versioned so that their data can change
description:
  - Creates, versions and removes swarm configs. Runs only on a swarm manager.
  - A swarm config cannot change. With O(rotate=true) (the default) new data makes a new version
    C(<name>_v<N>) and leaves the older ones in place for the services that still use them; the
    module returns the version to use in RV(config_name). Old versions beyond O(keep_versions) are
    removed once no service uses them.
  - The same versioning as M(dockyard.swarm.secret), from one shared implementation. A salted fingerprint
    of the data is kept in the label C(dockyard.swarm.fingerprint), and versions are found by the labels
    C(dockyard.swarm.config=<name>) and C(dockyard.swarm.version=<N>), never by a name prefix.
  - The data is treated like secret data and kept out of results, diffs and verbose output.
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
      - Reports the version that would be created (RV(config_id) is then empty) and the versions that would be removed.
  diff_mode:
    support: full
    details:
      - The diff shows config names, versions, ids and user labels; never the data nor its fingerprint.
  idempotent:
    support: full
options:
  name:
    description:
      - The logical name of the config.
      - With O(rotate=true) the configs are named C(<name>_v<N>); with O(rotate=false), C(<name>).
      - Docker's rules for config names apply to the full name, suffix included - letters, digits, C(_), C(.) and
        C(-), starting and ending with a letter or a digit, at most 64 characters (so at most 61 with
        O(rotate=true), fewer once the version number has more digits). An empty or invalid name fails before
        anything is read or changed.
    type: str
    required: true
  data:
    description:
      - The config data.
      - Mutually exclusive with O(data_src). One of them is required when O(state=present).
    type: str
  data_src:
    description:
      - A file on the managed node whose content is the config data, read as bytes.
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
      - Labels of the config. Keys starting with C(dockyard.swarm.) are kept for the module's own labels.
      - When given, they are part of what the config must look like, so other labels make a new version
        (O(rotate=true)) or a replaced config (O(rotate=false)). When not given, labels are not compared.
    type: dict
  state:
    description:
      - V(present) makes sure the config (its current version) exists with this data.
      - V(absent) removes every version and the fixed-name config; it fails, and removes nothing, while a
        service uses one of them. One that only the previous spec of a service names is removed, with a warning
        that a rollback of that service will fail.
    type: str
    choices: [present, absent]
    default: present
  rotate:
    description:
      - V(true) versions the config, C(<name>_v<N>), and makes a new version when the data or O(labels) change.
        When they equal those of an existing version (its fingerprint label), the newest such version is returned
        instead of a new one, even if newer versions exist (for example from a run that failed), and RV(reused) is
        then V(true).
      - V(false) keeps the fixed name C(<name>). Changed data replaces an unused config; a config that
        a service uses cannot change in place, so the task then fails and names the services.
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
  - module: dockyard.swarm.secret
  - module: community.docker.docker_config
"""

EXAMPLES = r"""
- name: Store the proxy configuration as a versioned config
  dockyard.swarm.config:
    name: proxy_conf
    data: "{{ lookup('ansible.builtin.template', 'proxy.conf.j2') }}"
  register: proxy_conf

- name: Run the service with the current version of the config
  community.docker.docker_swarm_service:
    name: proxy
    image: example/proxy:2.1
    configs:
      - config_name: "{{ proxy_conf.config_name }}"
        filename: /etc/proxy/proxy.conf

- name: Remove every version of a config
  dockyard.swarm.config:
    name: proxy_conf
    state: absent
"""

RETURN = r"""
config_name:
  description:
    - The name of the config to give to services; C(<name>_v<N>) with O(rotate=true).
  returned: success and O(state=present)
  type: str
  sample: proxy_conf_v3
config_id:
  description:
    - The engine's id of that config. Empty in check mode when the config would be created.
  returned: success and O(state=present)
  type: str
  sample: hzehrmyjigmcp2gb6nlhmjqcv
version:
  description:
    - The version number of RV(config_name); null with O(rotate=false).
  returned: success and O(state=present)
  type: int
  sample: 3
versions:
  description:
    - The configs of this logical name that exist when the task ends (would exist, in check mode), oldest first.
  returned: success
  type: list
  elements: str
  sample: [proxy_conf_v2, proxy_conf_v3]
removed:
  description:
    - The configs the task removed (would remove, in check mode).
  returned: success
  type: list
  elements: str
  sample: [proxy_conf_v1]
reused:
  description:
    - V(true) when RV(config_name) is an existing version older than the newest, returned because its data (and
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
  sample: {proxy_conf_v1: [web (previous spec)]}
actions:
  description:
    - What the task did (would do, in check mode), one line per change. Empty when nothing changed.
  returned: always
  type: list
  elements: str
  sample: [created config proxy_conf_v3, removed config proxy_conf_v1]
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
    run_versioned_module(module, connect(module), KINDS['config'], ChangeTracker(module))


if __name__ == '__main__':
    main()
