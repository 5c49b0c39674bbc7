# -*- coding: utf-8 -*-

# Copyright (c) dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    # Options and requirements shared by every module that talks to the Docker engine.
    DOCUMENTATION = r"""
options:
  docker_host:
    description:
      - How to reach the Docker engine on the managed node.
      - A Unix socket path (V(/run/docker.sock)), a C(unix://) URL, or a C(tcp://) URL.
      - When not set, the environment of the managed node decides, as for the C(docker) CLI, through
        E(DOCKER_HOST) (with E(DOCKER_TLS_VERIFY) and E(DOCKER_CERT_PATH)), and without it the local socket
        C(unix:///var/run/docker.sock).
    type: str
  timeout:
    description:
      - How many seconds to wait for an answer from the engine.
    type: int
    default: 60
requirements:
  - The Docker SDK for Python (C(docker) 4.0 or later) on the managed node, for example the Debian package C(python3-docker).
  - Docker engine API 1.30 or later.
notes:
  - The module connects to the engine of the node it runs on (or to O(docker_host)); the remote user needs
    access to the engine socket, usually through C(become) or membership of the C(docker) group.
"""

    # The attributes of a module that only reads: with ATTRIBUTES, which describes them.
    READ_ONLY = r"""
options: {}
attributes:
  check_mode:
    support: full
    details:
      - Reads only; check mode returns the same.
  diff_mode:
    support: none
  idempotent:
    support: full
"""

    ATTRIBUTES = r"""
options: {}
attributes:
  check_mode:
    description: Can run in C(check_mode) and return changed status prediction without modifying target.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in C(check_mode)), when in diff mode.
  idempotent:
    description:
      - When run twice in a row outside check mode, with the same arguments, the second invocation indicates no change.
      - This assumes that the system controlled/queried by the module has not changed in a relevant way.
"""
