"""newsfacts: news articles in, warehouse-ready JSONL facts out.

The package is named ``pipeline`` for historical reasons; the distribution and
the console script are ``newsfacts``.
"""

__version__ = "0.1.0"
SCHEMA_VERSION = 4
