"""Rule-based coreference for speakers: pronouns and descriptions resolved to the document's mentions."""
