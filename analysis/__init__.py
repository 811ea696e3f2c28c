"""Campaign Chronology: an evidence-anchored chronology of the 2014-2017 campaign against
the Islamic State's territorial rule in Iraq and Syria, and measures of its pace.

Data flows one way: sources -> claims (+ places) -> date windows -> chronology -> pace -> figures.
See ``../README.md`` and ``data/README.md``.
"""

__version__ = "0.1.0"
