"""paperfold: a static site generator for paper-reading blogs."""

__version__ = "0.1.0"
