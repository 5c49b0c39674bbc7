# -*- coding: utf-8 -*-

# Copyright (c) dockyard.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The labels of versioned secrets and configs, and the keyed fingerprint that tells whether a version holds some data.

Pure functions with no Docker SDK import: the secret and config modules use them, node_info uses them to
read the versions, and the stack role's filters use them on the controller.

Private to this collection: the names here may change without notice.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import binascii
import hashlib
import hmac
import os

from ansible.module_utils.common.text.converters import to_bytes, to_text

LABEL_PREFIX = 'dockyard.swarm.'
VERSION_LABEL = LABEL_PREFIX + 'version'
FINGERPRINT_LABEL = LABEL_PREFIX + 'fingerprint'
SALT_BYTES = 16


def parse_version(labels):
    """The version number in an object's labels, or None when it has none (or a bad one)."""
    value = (labels or {}).get(VERSION_LABEL)
    try:
        version = int(value)
    except (TypeError, ValueError):
        return None
    return version if version > 0 else None


def make_fingerprint(data, salt=None):
    """`<salt>:<HMAC-SHA256 of data keyed with salt>`, both hex. A fresh random salt unless given.

    The salt differs for every object, so equal data in two objects gives unequal
    fingerprints and no precomputed table of digests applies.
    """
    if salt is None:
        salt = binascii.hexlify(os.urandom(SALT_BYTES)).decode('ascii')
    mac = hmac.new(to_bytes(salt), to_bytes(data), hashlib.sha256).hexdigest()
    return '%s:%s' % (salt, mac)


def fingerprint_matches(data, fingerprint):
    """True when `fingerprint` (a label value) was made from `data`. False for a missing or malformed one."""
    if not fingerprint or ':' not in fingerprint:
        return False
    salt, mac = fingerprint.split(':', 1)
    if not salt or not mac:
        return False
    expected = make_fingerprint(data, salt).split(':', 1)[1]
    return hmac.compare_digest(to_bytes(expected), to_bytes(mac))


def fingerprint_salt(fingerprint):
    """The salt of a well-formed fingerprint label, else ''."""
    salt, dummy, mac = (fingerprint or '').partition(':')
    return salt if salt and mac else ''


def keyed_check(key, fingerprint):
    """HMAC-SHA256 of a fingerprint label, keyed with a key that is never printed.

    A read of the versions returns this instead of the label: who holds the key and the data tells
    whether a version holds that data; who reads the output (a -v log) cannot test guesses of the
    data against it, as the label's salted digest would let them.
    """
    return hmac.new(to_bytes(key), to_bytes(fingerprint), hashlib.sha256).hexdigest()


def user_labels(labels):
    """Labels without the ones this collection keeps for itself."""
    return dict((k, v) for k, v in (labels or {}).items() if not k.startswith(LABEL_PREFIX))


def labels_match(wanted, found):
    """`wanted` None means the task does not manage labels; else the user labels must be equal."""
    if wanted is None:
        return True
    return user_labels(wanted) == user_labels(found)


def normalize_labels(labels):
    """Label keys and values as text (YAML may give numbers or booleans)."""
    if labels is None:
        return None
    return dict((to_text(k), to_text(v)) for k, v in labels.items())


def same_data_version(versions, data, labels):
    """The newest version made from `data` (with `labels`, when the task manages labels), or None.

    A version is found by its fingerprint label, so a run whose data equals an older version
    (after a failed run made a newer one) goes back to it instead of making yet another.
    """
    for candidate in sorted(versions, key=lambda v: v['version'], reverse=True):
        if fingerprint_matches(data, candidate['labels'].get(FINGERPRINT_LABEL)) \
                and labels_match(labels, candidate['labels']):
            return candidate
    return None
