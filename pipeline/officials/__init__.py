"""Officials: who holds which office, in which body, for which country.

``lexicon`` loads the tables (models/patterns/titles.jsonl, models/officials/*), ``phrases`` grows
matched titles into noun phrases, ``links`` finds the person each phrase is about, ``extract`` turns
links into records, ``component`` registers the ``news_officials`` factory, and ``harness`` scores
the component on a gold file during development.
"""
