import os
import sys

import pytest

# the package from this checkout, with no pip install
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from spec_cxr import SpecCxr  # noqa: E402


@pytest.fixture(scope="session")
def service():
    """One real service for the session, started from the jar (built by the launcher if missing)."""
    with SpecCxr() as s:
        yield s
