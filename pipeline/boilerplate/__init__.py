"""Boilerplate: donation appeals, comment forms, disclaimers and other page furniture."""

from pipeline.boilerplate.component import BoilerplateDetector, make_boilerplate
from pipeline.boilerplate.rules import Block, find_boilerplate, load_rules

__all__ = ["Block", "BoilerplateDetector", "find_boilerplate", "load_rules", "make_boilerplate"]
