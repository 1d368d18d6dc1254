"""The researcher notebooks: jupytext pairs that agree, run top to bottom and draw plotly figures.

Each notebook is ``NN_name.py`` (percent format, the source) paired with
``NN_name.ipynb``. The $1.48 reproduction (01) is committed with its outputs,
figures as images too, so a reader sees it without running it; the test
re-runs it and finds the committed text outputs are today's. The others are
committed without outputs.
"""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
NAMES = ["01_reproduce_jff_148", "02_sensitivity_unpublished_inputs", "03_equity_and_completion",
         "04_api_tutorial", "05_how_sure", "06_survey_table", "07_track_a_cohort"]
RENDERED = {"01_reproduce_jff_148"}
PLOTLY = "application/vnd.plotly.v1+json"


def _cells(nb) -> list[tuple[str, str]]:
    return [(c.cell_type, c.source) for c in nb.cells]


def test_every_notebook_is_a_pair():
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.py")) == NAMES
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_the_pair_agrees(name):
    script = jupytext.read(NOTEBOOKS / f"{name}.py")
    notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    assert _cells(script) == _cells(notebook), \
        f"{name}.py and {name}.ipynb differ: run `jupytext --sync notebooks/{name}.py`"
    code = "\n".join(c.source for c in script.cells if c.cell_type == "code")
    assert "import imt_roi" in code or "from imt_roi import" in code


@pytest.mark.parametrize("name", sorted(set(NAMES) - RENDERED))
def test_committed_without_outputs(name):
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)


@pytest.mark.parametrize("name", sorted(RENDERED))
def test_rendered_notebook_shows_its_figures_without_running(name):
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1)), "run in order, every cell"
    outputs = [o for c in code for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    figures = [o for o in outputs if PLOTLY in o.get("data", {})]
    assert len(figures) >= 2 and all("image/png" in f["data"] for f in figures), \
        "each figure also as an image, for readers without a kernel (see docs/reproducing.md, 'To re-render it')"


def _text_outputs(nb) -> list[tuple[str, str]]:
    """What a reader reads, cell by cell: the printed text of each stream joined whole (how the kernel split a
    print into messages depends on timing) and the plain-text results."""
    out = []
    for c in nb.cells:
        if c.cell_type != "code":
            continue
        streams: dict[str, str] = {}
        results = []
        for o in c.outputs:
            if o.output_type == "stream":
                streams[o.name] = streams.get(o.name, "") + o.text
            elif "text/plain" in o.get("data", {}) and PLOTLY not in o["data"]:
                results.append(o["data"]["text/plain"])
        out.extend(sorted(streams.items()))
        out.extend(("result", r) for r in results)
    return out


@pytest.mark.notebook
@pytest.mark.timeout(300)
@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_top_to_bottom(name, tmp_path):
    from nbclient import NotebookClient

    nb = jupytext.read(NOTEBOOKS / f"{name}.py")
    client = NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute()  # raises CellExecutionError, naming the cell, on any error
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    figures = [o for o in outputs if PLOTLY in o.get("data", {})]
    assert len(figures) >= 2, f"{name} should draw plotly figures"
    assert all(f["data"][PLOTLY]["data"] for f in figures), "every figure has at least one trace"
    if name in RENDERED:
        committed = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
        assert _text_outputs(committed) == _text_outputs(nb), \
            f"the committed outputs of {name}.ipynb are stale: re-render it (docs/reproducing.md, 'To re-render it')"
