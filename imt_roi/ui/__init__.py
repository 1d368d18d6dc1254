"""Dashboards of imt-roi: widgets and figures for Voila, with no economics of their own.

``SponsorPlanner().display()`` and ``IntermediaryPitch().display()`` are all a
dashboard notebook holds; ``landing()`` is the index page.
"""

from .planner import SponsorPlanner

__all__ = ["SponsorPlanner"]
