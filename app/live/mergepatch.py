"""JSON merge patches (RFC 7386): the smallest document that turns ``old`` into ``new``.

Note for clients: a ``null`` in a patch deletes the key, so documents never carry nulls
that matter — an absent key and a null one mean the same.
"""


def diff(old, new):
    """Return the merge patch from ``old`` to ``new`` ({} when equal)."""
    if not isinstance(old, dict) or not isinstance(new, dict):
        return new
    patch = {key: None for key in old.keys() - new.keys()}
    for key, value in new.items():
        if key not in old:
            patch[key] = value
        elif old[key] != value:
            both_dicts = isinstance(value, dict) and isinstance(old[key], dict)
            patch[key] = diff(old[key], value) if both_dicts else value
    return patch


def apply(target, patch):
    """Apply a merge patch (used by tests and Python clients)."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = apply(result.get(key), value)
    return result
