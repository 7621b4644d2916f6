"""``python -m bot ...`` is ``kyutai-qa ...``."""

import sys

from .cli import main

sys.exit(main())
