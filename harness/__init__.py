"""harness: chart descriptions -> chart records, measured against a hand-curated gold set.

Data flows one way: description -> record -> run -> score -> compare / report.
"""

__version__ = "0.1.0"
