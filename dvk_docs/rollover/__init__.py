"""Next year's dataset from this year's.

* ``yearshift``: the rules for years inside text (which "2026" moves, which stays, which is
  only reported) and for moved dates (weekends, holidays);
* ``report``: the change report (``bao_cao_chuyen_nam.md``);
* ``files``: the YAML-preserving rollover of a dataset folder (comments kept), with
  ``yamledit`` (round-trip YAML) and ``sheets`` (the registration .xlsx / .csv); its
  ``Roller.roll`` is where the rules are applied to a dataset's tree;
* ``model``: the same rules on a dataset held in memory (nothing read or written).

Importing this package loads ruamel.yaml: the command line imports it inside the command.
"""

from .files import RolloverResult, rollover
from .model import NextYear, rollover_model
from .report import REGISTRATION_POLICIES, RolloverError, RolloverReport
from .yearshift import YearShifter, day_off, previous_working_day

__all__ = ["REGISTRATION_POLICIES", "NextYear", "RolloverError", "RolloverReport", "RolloverResult",
           "YearShifter", "day_off", "previous_working_day", "rollover", "rollover_model"]
