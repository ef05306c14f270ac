"""Every tuned number of evidencecheck, each with the measurement that chose it: one module per
check, all of them read here as ``thresholds.NAME`` (``from evidencecheck import thresholds as T``).

Change a number here only with a new measurement, and update its note.
"""

from .batch import *  # noqa: F403
from .case import *  # noqa: F403
from .doc_type import *  # noqa: F403
from .fields import *  # noqa: F403
from .intake import *  # noqa: F403
from .orientation import *  # noqa: F403
from .quality import *  # noqa: F403
from .stamps import *  # noqa: F403
from .tracking import *  # noqa: F403
from .weight import *  # noqa: F403
