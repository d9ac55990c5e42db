"""The one error the sender's kit raises."""

from __future__ import annotations


class PseudonymizeError(Exception):
    """A clear reason the export was not written.

    Messages name files, columns, rows and rules, never a value from the register: an ID
    number, a name or a phone number must not reach a terminal, a log or a traceback.
    """
