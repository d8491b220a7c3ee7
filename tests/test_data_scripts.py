"""gallery.site.data_scripts: a page's large data as a classic script."""

from __future__ import annotations

import json
import subprocess

from gallery.site.data_scripts import data_script


def test_the_script_sets_each_text_exactly_and_is_ascii():
    text = 'a "quoted" <b>&\u2028 name é'
    script = data_script([("ig-a", text)], [("ig-m", "<p>é</p>")])
    script.decode("ascii")  # every non-ASCII character escaped
    program = (
        "var window = globalThis;\n" + script.decode() + "\n"
        "var g = IzhGallery;\n"
        "process.stdout.write(JSON.stringify([g.data['ig-a'], g.markup['ig-m']]));"
    )
    done = subprocess.run(["node", "-e", program], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == [text, "<p>é</p>"]
