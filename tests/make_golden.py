"""Regenerate tests/golden/spike_times.json: `python -m tests.make_golden --write`.

Golden files change only on purpose; review the diff. The published facts that anchor them
are checked separately in test_simulate.py.
"""

import json
import sys
from pathlib import Path

import gallery

GOLDEN = Path(__file__).parent / "golden" / "spike_times.json"


def spike_times() -> dict[str, list[list[float]]]:
    catalogue = gallery.load()
    return {
        slug: [run.spike_times_ms.tolist() for run in gallery.simulate(catalogue.get(slug))]
        for slug in catalogue.slugs
    }


if __name__ == "__main__":
    if "--write" not in sys.argv:
        sys.exit("refusing to overwrite the golden file without --write")
    GOLDEN.write_text(json.dumps(spike_times(), indent=1, sort_keys=True) + "\n")
    print(f"wrote {GOLDEN}")
