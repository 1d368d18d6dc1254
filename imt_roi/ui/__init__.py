"""Dashboards of imt-roi: widgets and figures for Voila, with no economics of their own.

A dashboard notebook holds only ``SponsorPlanner().display()``,
``IntermediaryPitch().display()``, ``show_tracker()`` or ``show_landing()``; the apps build
scenarios from widget values, call :func:`imt_roi.evaluate` and the export,
pooling and studies functions, and display what they return.
"""

from .landing import landing
from .landing import show as show_landing
from .pitch import IntermediaryPitch
from .planner import SponsorPlanner
from .tracker import CohortTracker, show_tracker

__all__ = ["CohortTracker", "IntermediaryPitch", "SponsorPlanner", "landing", "show_landing", "show_tracker"]
