# -*- coding: utf-8 -*-
# Copyright: dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read the versions apt can install from apt-cache madison's output."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

DOCUMENTATION = r"""
name: apt_versions
short_description: The versions of packages that apt can install, and those that match a pattern
version_added: 0.1.0
description:
  - Reads the lines of C(apt-cache madison <package>...) (C(package | version | source)) and returns, for each
    package asked for, every version offered (highest first, as apt lists them) and those matching a version
    pattern, where C(*) stands for any text.
options:
  _input:
    description: The output lines of C(apt-cache madison).
    type: list
    elements: str
    required: true
  packages:
    description: The packages to report on; one that apt does not know has no versions.
    type: list
    elements: str
    required: true
  pattern:
    description: A version or a pattern with C(*) (as O(dockyard.swarm.engine#role:main:engine_version) takes).
    type: str
    required: true
"""

EXAMPLES = r"""
- name: Versions of docker.io matching 20.10.*
  ansible.builtin.debug:
    msg: "{{ madison.stdout_lines | dockyard.swarm.apt_versions(['docker.io'], '20.10.*') }}"
"""

RETURN = r"""
_value:
  description: Package name to C(offered) (every version) and C(matching) (the versions matching the pattern).
  type: dict
"""


def apt_versions(lines, packages, pattern):
    wanted = re.compile('^%s$' % '.*'.join(re.escape(part) for part in pattern.split('*')))
    result = dict((name, dict(offered=[], matching=[])) for name in packages or [])
    for line in lines or []:
        fields = [field.strip() for field in line.split('|')]
        if len(fields) < 2 or fields[0] not in result:
            continue
        entry = result[fields[0]]
        if fields[1] not in entry['offered']:
            entry['offered'].append(fields[1])
            if wanted.match(fields[1]):
                entry['matching'].append(fields[1])
    return result


class FilterModule(object):
    """apt versions."""

    def filters(self):
        return {'apt_versions': apt_versions}
