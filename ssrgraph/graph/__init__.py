"""Graph layer: assertions to RDF, the store, and everything that reads it."""
