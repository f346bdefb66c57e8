"""Officials: who holds which office, in which body, for which country.

``tables`` takes what the component knows from the lexicon (titles, modifiers, parties, countries,
well-known people, agencies), ``bodies`` finds the body a role belongs to, ``parties`` reads party names
before titles and names, ``phrases`` grows matched titles into noun phrases, ``pronouns`` resolves "he" and
"she" where one person fits, ``links`` finds the person each phrase is about, ``extract`` turns links
into statements, and ``component`` registers the ``news_officials`` factory.
"""
