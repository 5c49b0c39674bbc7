# -*- coding: utf-8 -*-
# Copyright: dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Controller-side helpers shared by the collection's filters."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def host_fact(hostvars, host, fact):
    """The value of fact for host in hostvars, or None when the host or the fact is missing or empty."""
    try:
        value = hostvars[host]
    except KeyError:
        return None
    try:
        summary = value.get(fact) if hasattr(value, 'get') else None
    except Exception:  # HostVars raise on undefined lookups in some versions
        summary = None
    return summary or None
