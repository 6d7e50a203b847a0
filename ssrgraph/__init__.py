"""ssrgraph: a knowledge graph of the actors and relationships of security sector reform in Central Asia."""

__version__ = "0.1.0"
