# -*- coding: utf-8 -*-
# Copyright: dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The sources the swarm ports are opened to: the swarm's own nodes and the extra sources."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: swarm_firewall_sources
short_description: The addresses the swarm ports are opened to in the host firewall
version_added: 0.1.0
description:
  - Collects the addresses of the swarm's own nodes (the advertise address of every inventory host of the run,
    and the address of every swarm node that is not down) and the extra sources, and checks the extra sources.
  - Never returns a source that means everyone unless the extra sources name one on purpose (such as C(0.0.0.0/0)).
options:
  _input:
    description: Extra sources (addresses or networks in CIDR notation), such as a management network.
    type: list
    elements: str
    required: true
  addrs:
    description: Inventory host to the address it advertises to the swarm; empty or missing when not known.
    type: dict
    default: {}
  nodes:
    description: The swarm's nodes as C(community.docker.docker_swarm_info) returns them with C(verbose_output).
    type: list
    elements: dict
    default: []
"""

EXAMPLES = r"""
- name: Work out the firewall sources
  ansible.builtin.set_fact:
    _sources: "{{ ['192.0.2.0/24'] | dockyard.swarm.swarm_firewall_sources({'node1': '10.0.0.5'}, swarm.nodes) }}"
"""

RETURN = r"""
_value:
  description: The sources and what could not be used.
  type: dict
  contains:
    nodes:
      description: Addresses of the swarm's own nodes, sorted; the sources of the ESP rules.
      type: list
      elements: str
    sources:
      description: RV(_value.nodes) followed by the extra sources; the sources of the swarm port rules.
      type: list
      elements: str
    unknown:
      description: Inventory hosts whose address is not known in this run.
      type: list
      elements: str
    errors:
      description: One message per extra source that is not an address or a network. Empty when all are.
      type: list
      elements: str
"""

import ipaddress

from ansible.errors import AnsibleFilterError
from ansible.module_utils.six import string_types, text_type


def _address(value):
    """The address in value (a bare address, or host:port as Docker reports managers), or None."""
    value = (value or '').strip()
    candidates = [value]
    if value.startswith('['):  # [v6]:port
        candidates.append(value[1:].split(']')[0])
    elif value.count(':') == 1:  # v4:port
        candidates.append(value.split(':')[0])
    for candidate in candidates:
        try:
            addr = ipaddress.ip_address(text_type(candidate))
        except ValueError:
            continue
        return None if addr.is_unspecified else text_type(addr)
    return None


def _extra_source(value):
    """The canonical form of an extra source, and an error message (one of them is empty)."""
    if not isinstance(value, string_types) or not value.strip():
        return '', ('cluster_firewall_sources has %r, which is not an address or a network. '
                    'Give IPv4 or IPv6 addresses or networks in CIDR notation, such as 192.0.2.10 or 192.0.2.0/24.'
                    % (value,))
    text = value.strip()
    try:
        if '/' not in text:
            return text_type(ipaddress.ip_address(text_type(text))), ''
        return text_type(ipaddress.ip_network(text_type(text))), ''
    except ValueError as exc:
        hint = ''
        try:
            hint = ' Did you mean %s?' % ipaddress.ip_network(text_type(text), strict=False)
        except ValueError:
            pass
        return '', ('cluster_firewall_sources has %r, which is not an address or a network (%s).%s '
                    'Give IPv4 or IPv6 addresses or networks in CIDR notation, such as 192.0.2.10 or 192.0.2.0/24.'
                    % (text, exc, hint))


def swarm_firewall_sources(extra, addrs=None, nodes=None):
    if not isinstance(extra, (list, tuple)):
        raise AnsibleFilterError('swarm_firewall_sources: the extra sources must be a list, got %r' % (extra,))
    node_addrs, unknown = set(), []
    for host, value in sorted((addrs or {}).items()):
        addr = _address(value)
        if addr:
            node_addrs.add(addr)
        else:
            unknown.append(host)
    for node in nodes or []:
        status = node.get('Status') or {}
        if status.get('State') == 'down':
            continue
        for value in (status.get('Addr'), (node.get('ManagerStatus') or {}).get('Addr')):
            addr = _address(value)
            if addr:
                node_addrs.add(addr)
    ordered = sorted(node_addrs, key=lambda a: (ipaddress.ip_address(a).version, ipaddress.ip_address(a)))
    sources, errors = list(ordered), []
    for value in extra:
        source, error = _extra_source(value)
        if error:
            errors.append(error)
        elif source not in sources:
            sources.append(source)
    return dict(nodes=ordered, sources=sources, unknown=unknown, errors=errors)


class FilterModule(object):
    """Firewall sources of the swarm ports."""

    def filters(self):
        return {'swarm_firewall_sources': swarm_firewall_sources}
