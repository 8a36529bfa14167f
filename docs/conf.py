"""Sphinx configuration of the rnnforecast documentation site.

Build (what CI does, warnings are errors)::

    pip install ".[docs]"
    python -m sphinx -W --keep-going -b html docs docs/_build/html

Offline by default: links to the documentation of scikit-learn, sktime, skorch, torch, numpy,
pandas and Python (intersphinx) are made only with ``RNNFORECAST_DOCS_ONLINE=1``, as their
inventories are fetched from the web; the CI machine reaches only PyPI.
"""

import inspect
import os
import re
import shutil
from importlib import import_module
from pathlib import Path

from sphinx.util import logging

import rnnforecast

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent

project = "rnnforecast"
author = "the rnnforecast developers"
copyright = "the rnnforecast developers"
release = rnnforecast.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "sphinx.ext.viewcode",
    "numpydoc",
    "myst_parser",
    "sphinx_gallery.gen_gallery",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
templates_path = ["_templates"]
exclude_patterns = ["_build", "gallery_header.rst", "auto_examples/*.ipynb", "auto_examples/*.py"]

# -- API reference ------------------------------------------------------------------------------
# One page per public name (docs/api/*.rst list them; check_api_pages below fails the build when
# a name of a documented module's __all__ is missing there).
autosummary_generate = True
autosummary_imported_members = True
autodoc_default_options = {"show-inheritance": True}
autodoc_typehints = "none"  # numpydoc's Parameters sections carry the types
# numpydoc lists the members with autosummary tables; the class template documents them, so
# the tables would repeat them (and ask for stub pages of inherited members).
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

# -- Markdown pages (user guide, design notes, benchmarks) ------------------------------------
myst_enable_extensions = ["colon_fence", "deflist", "dollarmath"]
myst_heading_anchors = 3

# -- Examples gallery ---------------------------------------------------------------------------
# The scripts of examples/ are shown, not executed: tests/test_examples.py runs them in CI already,
# and the grid searches take minutes on 2 cores, over the docs build's budget. Set
# RNNFORECAST_DOCS_RUN_EXAMPLES=1 to execute them (their printed output then appears on the pages).
# sphinx-gallery wants a GALLERY_HEADER file beside the scripts; to keep examples/ a folder of
# plain scripts, they are copied with docs/gallery_header.rst into docs/_build/gallery_src.
_GALLERY_SRC = DOCS / "_build" / "gallery_src"
if _GALLERY_SRC.exists():
    shutil.rmtree(_GALLERY_SRC)
_GALLERY_SRC.mkdir(parents=True)
shutil.copyfile(DOCS / "gallery_header.rst", _GALLERY_SRC / "GALLERY_HEADER.rst")


def _titled(source):
    """The script with the first line of its docstring underlined: the page's title."""
    lines = source.splitlines(keepends=True)
    if lines and lines[0].startswith('"""') and len(lines) > 1 and not lines[1].strip():
        title = lines[0][3:].rstrip()
        lines.insert(1, "=" * len(title) + "\n")
    return "".join(lines)


for _script in sorted((ROOT / "examples").glob("*.py")):
    (_GALLERY_SRC / _script.name).write_text(_titled(_script.read_text("utf-8")), "utf-8")

sphinx_gallery_conf = {
    "examples_dirs": [str(_GALLERY_SRC)],
    "gallery_dirs": ["auto_examples"],
    "filename_pattern": r".*\.py$",  # every script is an example (not only plot_*.py)
    "plot_gallery": "True" if os.environ.get("RNNFORECAST_DOCS_RUN_EXAMPLES") == "1" else "False",
    "download_all_examples": False,
    "remove_config_comments": True,
    "write_computation_times": False,
}

# -- Links to other projects' documentation -----------------------------------------------------
# intersphinx fetches each project's objects.inv from the web; offline (CI, the development
# machine) every fetch would fail with a warning, an error under -W. So the mapping is filled only
# when RNNFORECAST_DOCS_ONLINE=1; offline, references to those projects stay plain text.
if os.environ.get("RNNFORECAST_DOCS_ONLINE") == "1":
    intersphinx_mapping = {
        "python": ("https://docs.python.org/3", None),
        "numpy": ("https://numpy.org/doc/stable", None),
        "pandas": ("https://pandas.pydata.org/docs", None),
        "sklearn": ("https://scikit-learn.org/stable", None),
        "sktime": ("https://www.sktime.net/en/stable", None),
        "skorch": ("https://skorch.readthedocs.io/en/stable", None),
        "torch": ("https://docs.pytorch.org/docs/stable", None),
    }
else:
    intersphinx_mapping = {}
    # sktime's docstrings (BaseForecaster.fit_predict, shown on RNNForecaster's page) use terms of
    # sktime's glossary (:term:`mtype`); this site has no glossary, so offline no term can resolve.
    suppress_warnings = ["ref.term"]

# -- HTML -----------------------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"rnnforecast {release}"
html_static_path = []
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc"],
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
}
html_sidebars = {"index": [], "auto_examples/index": []}
html_show_sourcelink = False

# -- Checks ----------------------------------------------------------------------------------------
# The modules whose __all__ the API reference covers, and the page that lists each.
API_MODULES = {
    "rnnforecast": "api/index.rst",
    "rnnforecast.forecasting": "api/forecasting.rst",
    "rnnforecast.regression": "api/regression.rst",
    "rnnforecast.preprocessing": "api/preprocessing.rst",
    "rnnforecast.nn": "api/nn.rst",
    "rnnforecast.model_selection": "api/model_selection.rst",
    "rnnforecast.metrics": "api/metrics.rst",
    "rnnforecast.datasets": "api/datasets.rst",
    "rnnforecast.plotting": "api/plotting.rst",
    "rnnforecast.persistence": "api/persistence.rst",
    "rnnforecast.exceptions": "api/exceptions.rst",
}


def _documented_names():
    """Fully qualified names listed in the autosummary tables of docs/api/*.rst."""
    names = {}
    for page in sorted((DOCS / "api").glob("*.rst")):
        module = None
        in_table = False
        for line in page.read_text(encoding="utf-8").splitlines():
            if m := re.match(r"\.\. currentmodule:: (\S+)", line):
                module = m.group(1)
            elif line.startswith(".. autosummary::"):
                in_table = True
            elif in_table and re.match(r"\s+:", line):
                continue
            elif in_table and (m := re.match(r"\s+(~?[\w.]+)\s*$", line)):
                names[f"{module}.{m.group(1).lstrip('~')}"] = page.name
            elif in_table and line.strip():
                in_table = False
    return names


def check_api_pages(app):
    """Warn (an error under -W) when a public name is missing from the API reference.

    A name of a module's ``__all__`` is covered when the module's page lists it, or when the same
    object is listed under another public path (``rnnforecast.RNNForecaster`` for
    ``rnnforecast.forecasting.RNNForecaster``).
    """
    logger = logging.getLogger(__name__)
    documented = _documented_names()
    objects = {}
    for qualname in documented:
        module_name, _, attr = qualname.rpartition(".")
        try:
            objects[qualname] = getattr(import_module(module_name), attr)
        except (ImportError, AttributeError):
            logger.warning("API reference lists %s, which does not exist", qualname)
    for module_name, page in API_MODULES.items():
        module = import_module(module_name)
        for name in module.__all__:
            if name.startswith("__"):
                continue
            obj = getattr(module, name)
            qualname = f"{module_name}.{name}"
            if qualname in documented:
                continue
            if (inspect.isclass(obj) or inspect.isroutine(obj)) and any(
                o is obj for o in objects.values()
            ):
                continue
            logger.warning(
                "%s (in %s.__all__) is missing from the API reference: add it to docs/%s",
                qualname,
                module_name,
                page,
            )


def skip_member(app, what, name, obj, skip, options):
    """Skip scikit-learn's generated ``set_{method}_request`` methods (metadata routing).

    scikit-learn adds them to every estimator class; their docstrings refer to its user guide.
    """
    if re.fullmatch(r"set_\w+_request", name):
        return True
    return None


def setup(app):
    app.connect("builder-inited", check_api_pages)
    app.connect("autodoc-skip-member", skip_member)
