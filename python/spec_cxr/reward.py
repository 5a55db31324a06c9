"""A TRL-style reward function over the spec-cxr service."""

import threading

from .client import SpecCxr

_SCORES = ("errors", "weighted_errors", "f1")
_shared = {}
_shared_lock = threading.Lock()


def _client(url):
    # one service per url (None: one started from the jar) for every reward function of the process
    with _shared_lock:
        c = _shared.get(url)
        if c is None:
            c = SpecCxr(url=url)
            _shared[url] = c
        return c


def completion_text(completion):
    """The text of a completion: a string as it is; for a list of chat messages, the content of the last assistant
    message (its text parts joined, for content given as a list of parts). None when there is none."""
    if isinstance(completion, str):
        return completion
    if isinstance(completion, dict):
        completion = [completion]
    if not isinstance(completion, (list, tuple)):
        return None
    for message in reversed(completion):
        if isinstance(message, dict) and message.get("role", "assistant") == "assistant":
            content = message.get("content")
            if isinstance(content, str):
                return content
            if isinstance(content, (list, tuple)):
                parts = [p.get("text") for p in content if isinstance(p, dict) and isinstance(p.get("text"), str)]
                return "".join(parts) if parts else None
            return None
    return None


def make_reward_fn(reference_column="reference", score="errors", url=None, client=None, model="policy"):
    """A reward function as TRL's GRPOTrainer calls it: ``reward_func(prompts, completions, **kwargs)`` returns one
    ``float`` or ``None`` per completion, the reference report of each sample taken from the dataset column
    ``kwargs[reference_column]``.

    **Higher is better** for every ``score``:

    - ``"errors"`` (default): minus the report's error count (FP + FN + location and severity not aligned +
      comparison errors), so 0.0 is the best reward (a candidate that matches its reference) and -3.0 is three errors;
    - ``"weighted_errors"``: minus the errors weighted by clinical weight (3 urgent, 2 important, 1 incidental);
    - ``"f1"``: the report's entity presence F1 in [0, 1], 1.0 when both reports state no finding.

    A completion may be a string or a list of chat messages (the last assistant message's content is judged).
    A sample whose completion or reference is not text, or that the judge could not judge, gets ``None`` (TRL
    leaves it out). The service is the one at ``url``, or ``client``, or else one started from the jar and shared by
    every reward function of the process.
    """
    if score not in _SCORES:
        raise ValueError("score must be one of %s (got %r)" % (", ".join(_SCORES), score))

    def reward_func(prompts, completions, **kwargs):
        if reference_column not in kwargs:
            raise KeyError("the dataset has no column %r for the reference reports (columns passed: %s); name it with "
                           "make_reward_fn(reference_column=...)" % (reference_column, ", ".join(sorted(kwargs)) or "none"))
        references = list(kwargs[reference_column])
        completions = list(completions)
        if len(references) != len(completions):
            raise ValueError("%d completions but %d references" % (len(completions), len(references)))
        rewards = [None] * len(completions)
        index, refs, cands = [], [], []
        for i, (ref, comp) in enumerate(zip(references, completions)):
            text = completion_text(comp)
            if isinstance(ref, str) and isinstance(text, str):
                index.append(i)
                refs.append(ref)
                cands.append(text)
        if not index:
            return rewards
        service = client if client is not None else _client(url)
        results = service.evaluate(refs, cands, ids=[str(i) for i in index], model=model, records=False)
        for i, r in zip(index, results):
            if "error" in r:
                continue
            if score == "errors":
                rewards[i] = -float(r["error_count"])
            elif score == "weighted_errors":
                rewards[i] = -float(r["weighted_errors"])
            else:
                rewards[i] = float(r["f1"])
        return rewards

    # TRL logs each reward under its function's name
    reward_func.__name__ = "spec_cxr_" + score
    reward_func.__qualname__ = reward_func.__name__
    return reward_func
