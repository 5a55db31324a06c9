"""Python client for spec-cxr, the entity-level evaluator of chest X-ray reports (SPEC-CXR).

Standard library only. ``SpecCxr`` talks to a running ``spec-cxr serve`` or starts one from the built jar;
``make_reward_fn`` wraps it as a TRL-style reward function.
"""

from .client import SpecCxr, SpecCxrError
from .reward import make_reward_fn, completion_text

__all__ = ["SpecCxr", "SpecCxrError", "make_reward_fn", "completion_text"]
__version__ = "0.1.0"
