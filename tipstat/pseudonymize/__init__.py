"""The sender's kit (`tipstat pseudonymize`): register extract -> conforming export with linkage keys."""

from tipstat.pseudonymize.command import PseudonymizeResult, pseudonymize
from tipstat.pseudonymize.errors import PseudonymizeError
from tipstat.pseudonymize.keys import generate_key_file

__all__ = ["PseudonymizeError", "PseudonymizeResult", "generate_key_file", "pseudonymize"]
