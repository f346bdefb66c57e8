"""Who said what: attribution cues, their sources and contents (PolNeAR's sense of attribution)."""
