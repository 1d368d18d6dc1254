"""The researcher notebooks run top to bottom, draw plotly figures and are committed without outputs."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
NAMES = ["01_reproduce_jff_148.ipynb", "02_sensitivity_unpublished_inputs.ipynb",
         "03_equity_and_completion.ipynb", "04_api_tutorial.ipynb", "05_how_sure.ipynb"]
PLOTLY = "application/vnd.plotly.v1+json"


def _generator():
    spec = importlib.util.spec_from_file_location("make_notebooks", NOTEBOOKS / "make_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", NAMES)
def test_committed_without_outputs_and_in_step_with_the_generator(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code)
    assert "import imt_roi" in "\n".join(c.source for c in code) or "from imt_roi import" in \
        "\n".join(c.source for c in code)
    generated = _generator().build(name)
    assert [c.source for c in nb.cells] == [c.source for c in generated.cells], \
        f"{name} differs from notebooks/make_notebooks.py: run it to regenerate"


@pytest.mark.notebook
@pytest.mark.timeout(300)
@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_top_to_bottom(name, tmp_path):
    from nbclient import NotebookClient

    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute()  # raises CellExecutionError, naming the cell, on any error
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    figures = [o for o in outputs if PLOTLY in o.get("data", {})]
    assert len(figures) >= 2, f"{name} should draw plotly figures"
    assert all(f["data"][PLOTLY]["data"] for f in figures), "every figure has at least one trace"
