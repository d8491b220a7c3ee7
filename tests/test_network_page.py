"""The network page: deterministic, self-consistent, quoting the runs it shows."""

import re

import pytest

from gallery import network, network_page


@pytest.fixture(scope="module")
def files():
    return network_page.site_files()


def test_every_figure_the_page_shows_is_produced(files):
    text = files["network.md"].decode()
    shown = set(re.findall(r"\]\((figures/network/[^)]+)\)", text))
    assert shown == {k for k in files if k.startswith("figures/network/")}
    assert len(shown) == 2 * len(network_page.SEEDS)


def test_table_quotes_the_runs(files):
    text = files["network.md"].decode()
    net = network.build_network(800, 200, seed=3)
    result = network.simulate_network(net, network_page.DURATION_MS, 3)
    rates = network.population_rates_hz(result)
    assert f"| 3 | {result.spike_t_ms.size} | {rates.excitatory:.2f} |" in text
    assert 6.0 <= rates.excitatory <= 9.0


def test_site_files_are_deterministic(files):
    again = network_page.site_files()
    assert again.keys() == files.keys()
    assert all(again[k] == files[k] for k in files)
