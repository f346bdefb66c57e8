"""TRANSITION SHIM (issue 12): removed once every component uses pipeline.annotations."""
from pipeline.annotations import *  # noqa: F401,F403
