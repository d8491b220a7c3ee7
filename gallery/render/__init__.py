"""Stage render: matplotlib figures (one theme, light and dark) and the JSON/CSV exports.

The only stage that imports matplotlib. Imports model, network and analysis; returns bytes and
dicts, writes nothing.
"""
