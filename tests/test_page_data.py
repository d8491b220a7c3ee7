"""gallery.pipeline.page_data: large widget data leave the HTML for a script loaded later."""

from __future__ import annotations

import html
import json
import re
import subprocess
import zipfile

from gallery.pipeline.page_data import DATA_SCRIPT, INLINE_MAX, externalise_payloads, script_name
from tests.sites import built_site

MATERIAL = '<script id="__config" type="application/json">{}</script>'


def _div(ident: str, data: object) -> str:
    escaped = html.escape(json.dumps(data), quote=True).replace("&#x27;", "&#39;")
    return f'<div class="ig-data" id="{ident}" hidden data-json="{escaped}"></div>'


def _page(*divs: str) -> str:
    return "<html><body><article>" + "".join(divs) + "</article>" + MATERIAL + "</body></html>"


BIG = {"spikes": "A" * INLINE_MAX, "label": 'a "quoted" <b>&\u2028 name'}
SMALL = {"x": [1, 2, 3]}


def _run_script(script: bytes, ident: str) -> str:
    """What ``IzhGallery.data[ident]`` holds once the script ran (under node)."""
    program = (
        "var window = globalThis;\n" + script.decode("ascii") + "\n"
        f"process.stdout.write(IzhGallery.data[{json.dumps(ident)}]);"
    )
    done = subprocess.run(["node", "-e", program], capture_output=True, text=True, check=True)
    return done.stdout


def test_a_large_payload_moves_to_the_script_and_parses_to_the_same_data():
    page, script = externalise_payloads(_page(_div("ig-a", BIG), _div("ig-b", SMALL)))
    assert script is not None
    assert 'data-json="' + html.escape(json.dumps(SMALL)) in page  # the small one stays
    assert "A" * 100 not in page
    tag = f'<div class="ig-data" id="ig-a" hidden data-external="{DATA_SCRIPT}"></div>'
    assert f'<div hidden data-ig-script="{DATA_SCRIPT}"></div>' + tag in page
    assert json.loads(_run_script(script, "ig-a")) == BIG


def test_two_large_payloads_share_one_script_tag():
    page, script = externalise_payloads(_page(_div("ig-a", BIG), _div("ig-c", BIG)))
    assert page.count(f'<div hidden data-ig-script="{DATA_SCRIPT}">') == 1
    assert page.index(f'data-ig-script="{DATA_SCRIPT}"') < page.index('id="ig-c"')
    assert json.loads(_run_script(script, "ig-c")) == BIG


def test_small_payloads_and_embeds_are_left_alone():
    small = _page(_div("ig-b", SMALL))
    assert externalise_payloads(small) == (small, None)
    embed = "<html><body>" + _div("ig-a", BIG) + "</body></html>"  # no Material config
    assert externalise_payloads(embed) == (embed, None)


def test_the_script_is_deterministic_ascii():
    first = externalise_payloads(_page(_div("ig-a", BIG)))
    assert first == externalise_payloads(_page(_div("ig-a", BIG)))
    assert re.fullmatch(rb"[\x09\x0a\x20-\x7e]*", first[1])


def _templates(count: int) -> str:
    body = '<input id="amp" type="range">' * (INLINE_MAX // 60)
    return "".join(f'<template data-controls="s{i}">{body}</template>\n' for i in range(count))


def test_the_explorers_templates_move_to_the_script_with_the_payload():
    widget = '<div class="ig-widget" data-widget="explorer"><p>needs JS</p>' + _templates(3)
    page, script = externalise_payloads(_page(widget + "</div>", _div("ig-a", BIG)))
    assert "<template data-controls=" not in page
    placeholder = '<template data-external="ig-templates-1"></template>'
    # one script tag, before the first element whose data it holds (here the templates)
    assert page.count(f'<div hidden data-ig-script="{DATA_SCRIPT}"></div>') == 1
    assert f'<div hidden data-ig-script="{DATA_SCRIPT}"></div>{placeholder}</div>' in page
    program = (
        "var window = globalThis;\n" + script.decode("ascii") + "\n"
        'process.stdout.write(IzhGallery.markup["ig-templates-1"]);'
    )
    done = subprocess.run(["node", "-e", program], capture_output=True, text=True, check=True)
    assert done.stdout == _templates(3)
    assert json.loads(_run_script(script, "ig-a")) == BIG


def test_a_few_small_templates_stay():
    small = _page('<template data-controls="s0"><input></template>')
    assert externalise_payloads(small) == (small, None)


def test_a_page_other_than_an_index_names_its_own_data_script():
    assert script_name("index.html") == DATA_SCRIPT
    assert script_name("network.html") == "network.ig-data.js"
    page, script = externalise_payloads(_page(_div("ig-a", BIG)), "atlas.ig-data.js")
    assert '<div hidden data-ig-script="atlas.ig-data.js"></div>' in page
    assert 'data-external="atlas.ig-data.js"' in page
    assert _run_script(script, "ig-a") == json.dumps(BIG)


def test_in_the_course_pack_every_page_finds_its_own_data(tmp_path_factory):
    """The pack has no index.html folders: network.html and atlas.html sit side by side."""
    out = built_site(tmp_path_factory, only=("tonic-spiking",), zip=True)
    with zipfile.ZipFile(out / "izhikevich-gallery.zip") as pack:
        names = set(pack.namelist())
        users: dict[str, list[str]] = {}
        for name in sorted(n for n in names if n.endswith(".html")):
            page = pack.read(name).decode("utf-8")
            folder = name.rsplit("/", 1)[0] + "/" if "/" in name else ""
            for script in set(re.findall(r'data-ig-script="([^"/]*ig-data\.js)"', page)):
                users.setdefault(folder + script, []).append(name)
                text = pack.read(folder + script).decode("ascii")
                for ident in re.findall(rf'id="([^"]+)" hidden data-external="{script}"', page):
                    assert f"IzhGallery.data[{json.dumps(ident)}]" in text, (name, ident)
    assert len(users) >= 3  # the network, the atlas, a lesson
    assert all(len(pages) == 1 for pages in users.values()), users
