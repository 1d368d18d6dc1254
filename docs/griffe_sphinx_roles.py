"""A Griffe extension for the API reference: Sphinx roles in docstrings shown as code.

The package's docstrings name other objects the Sphinx way (:func:`evaluate`,
:data:`imt_roi.conventions.CONVENTIONS`); mkdocstrings would print the role as
it is. This turns each into a code span (`evaluate`), without a link, so no
name the site does not render can break ``mkdocs build --strict``.
"""

from __future__ import annotations

import re

import griffe

ROLE = re.compile(r":(?:py:)?(?:func|data|mod|class|meth|attr|obj|exc|const):`(~?)([^`]+)`")


def _as_code(match: re.Match) -> str:
    tilde, target = match.groups()
    return f"`{target.rsplit('.', 1)[-1] if tilde else target}`"


class SphinxRolesAsCode(griffe.Extension):
    def on_object(self, *, obj: griffe.Object, **kwargs) -> None:
        if obj.docstring is not None:
            obj.docstring.value = ROLE.sub(_as_code, obj.docstring.value)
