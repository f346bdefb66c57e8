"""Officials: who holds which office, in which body, for which country.

``lexicon`` loads the tables (models/patterns/titles.jsonl, models/officials/*), ``phrases`` grows
matched titles into noun phrases, ``links`` finds the person each phrase is about, ``extract`` turns
links into records, and ``component`` registers the ``news_officials`` factory.
"""
