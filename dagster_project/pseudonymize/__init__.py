"""The sender's kit (`tipstat pseudonymize`): register extract -> conforming export with linkage keys."""

from dagster_project.pseudonymize.command import PseudonymizeResult, pseudonymize
from dagster_project.pseudonymize.errors import PseudonymizeError
from dagster_project.pseudonymize.keys import generate_key_file

__all__ = ["PseudonymizeError", "PseudonymizeResult", "generate_key_file", "pseudonymize"]
