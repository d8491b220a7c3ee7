"""Stage render: matplotlib figures (one SVG for light and dark: svg_theme) and the exports.

The only stage that imports matplotlib. Imports model, network and analysis; returns bytes and
dicts, writes nothing. ``style`` holds the themes, the house rcParams and figure-to-bytes;
one module per figure family: ``trace``, ``phase``, ``thumb``, ``fi`` (a preset's figures,
by name through ``figures.render``), ``network`` (the 2003 network's raster), ``theory`` and
``poster`` (the explanation pages), ``accuracy``; ``export`` builds the payload, JSON and CSV.
"""
