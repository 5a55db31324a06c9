import subprocess

import pytest

from spec_cxr import SpecCxr, SpecCxrError, completion_text, make_reward_fn

REF = "Small right pleural effusion. Mild cardiomegaly."
WRONG = "Large left pleural effusion. Heart size is normal. New right upper lobe pneumonia."


def test_started_service_is_healthy(service):
    h = service.health()
    assert h["status"] == "ok"
    assert h["judge"] == "rules"
    assert service.process is not None and service.process.poll() is None
    assert len(service.entities()["entities"]) > 100


def test_evaluate_counts_errors_per_pair_in_order(service):
    out = service.evaluate([REF, REF, "No acute process."], [REF, WRONG, ""], ids=["same", "wrong", "empty"], model="m")
    assert [r["id"] for r in out] == ["same", "wrong", "empty"]
    assert all(r["model"] == "m" for r in out)
    same, wrong, empty = out
    assert same["error_count"] == 0 and same["f1"] == 1.0
    assert wrong["error_count"] >= 3
    assert wrong["error_count"] == wrong["fp"] + wrong["fn"] + wrong["location_errors"] + wrong["severity_errors"] \
        + wrong["comparison_errors"]
    assert wrong["weighted_errors"] >= wrong["error_count"] - 1e-9 or wrong["weighted_errors"] > 0
    entities = {v["entity"]: v for v in wrong["verdicts"]}
    assert entities["pleural_effusion"]["presence"] == "TP"
    assert entities["pleural_effusion"]["location"] == "not-aligned"
    assert entities["pneumonia"]["presence"] == "FP"
    assert empty["error_count"] == 0  # a normal reference and an empty candidate: nothing stated on either side


def test_evaluate_splits_batches_over_the_service_limit(service):
    n = service._batch_size() + 3
    out = service.evaluate([REF] * n, [REF] * n, records=False)
    assert len(out) == n
    assert [r["id"] for r in out] == [str(i) for i in range(n)]
    assert all("verdicts" not in r for r in out)


def test_label_uses_the_chexpert_convention(service):
    out = service.label(["Large right pleural effusion.", "No pleural effusion. Possible pneumonia."], labelset="chexpert")
    assert [r["id"] for r in out] == ["0", "1"]
    assert out[0]["labels"]["Pleural Effusion"] == 1
    assert out[0]["labels"]["Cardiomegaly"] is None
    assert out[1]["labels"]["Pleural Effusion"] == 0
    assert out[1]["labels"]["Pneumonia"] == -1
    named = service.label(["Possible pneumonia."], labelset="chexpert", uncertain="positive", ids=["s9"])
    assert named == [{"id": "s9", "labels": named[0]["labels"]}] and named[0]["labels"]["Pneumonia"] == 1


def test_score_rescores_records(service):
    answer = service.evaluate_pairs([{"id": "1", "reference": REF, "candidate": WRONG}], entity_scores=True)
    scored = service.score(answer["records"])
    assert scored["reports"] == answer["reports"]
    assert "candidate" in scored["scores"]["models"]


def test_bad_input_is_one_line_and_the_service_goes_on(service):
    with pytest.raises(SpecCxrError) as e:
        service.evaluate_pairs([{"reference": "a", "candidate": "b"}])
    assert e.value.status == 400
    assert "pairs[0]: missing field 'id'" in str(e.value)
    assert "\n" not in str(e.value)
    with pytest.raises(SpecCxrError, match="unknown label set"):
        service.label(["x"], labelset="radlex")
    assert service.evaluate([REF], [REF])[0]["error_count"] == 0
    with pytest.raises(ValueError):
        service.evaluate([REF, REF], [REF])


@pytest.mark.parametrize("score", ["errors", "weighted_errors", "f1"])
def test_reward_is_best_for_a_candidate_identical_to_its_reference(service, score):
    reward = make_reward_fn(score=score, client=service)
    assert reward.__name__ == "spec_cxr_" + score
    rewards = reward(prompts=["p"] * 3, completions=[WRONG, REF, "Small right pleural effusion."],
                     reference=[REF, REF, REF])
    assert len(rewards) == 3 and all(isinstance(r, float) for r in rewards)
    assert rewards[1] == max(rewards)
    assert rewards[1] > rewards[0]
    assert rewards[1] == (1.0 if score == "f1" else 0.0)
    assert rewards[2] > rewards[0]


def test_reward_takes_chat_messages_and_gives_none_where_it_cannot_score(service):
    reward = make_reward_fn(reference_column="report", client=service)
    chat = [{"role": "user", "content": "Describe the image."}, {"role": "assistant", "content": WRONG},
            {"role": "assistant", "content": REF}]
    parts = [{"role": "assistant", "content": [{"type": "text", "text": REF}]}]
    rewards = reward(prompts=[None] * 5, completions=[chat, parts, [{"role": "user", "content": "x"}], 42, REF],
                     report=[REF, REF, REF, REF, None])
    assert rewards == [0.0, 0.0, None, None, None]
    with pytest.raises(KeyError, match="no column 'report'"):
        reward(prompts=["p"], completions=[REF], reference=[REF])
    with pytest.raises(ValueError, match="score must be one of"):
        make_reward_fn(score="bleu")


def test_completion_text():
    assert completion_text("x") == "x"
    assert completion_text([{"role": "assistant", "content": "a"}, {"role": "user", "content": "b"}]) == "a"
    assert completion_text([]) is None


def test_reward_by_url_and_a_started_service_stops_on_close(service):
    reward = make_reward_fn(url=service.url)
    assert reward(prompts=["p"], completions=[REF], reference=[REF]) == [0.0]
    with SpecCxr(url=service.url) as remote:
        assert remote.process is None
        assert remote.health()["status"] == "ok"
    assert service.health()["status"] == "ok"  # closing a client of a service it did not start leaves it running
    own = SpecCxr()
    process = own.process
    assert own.evaluate([REF], [WRONG])[0]["error_count"] > 0
    own.close()
    assert process.poll() is not None
    with pytest.raises(SpecCxrError, match="cannot reach"):
        own.health()


def test_a_service_that_cannot_start_says_why():
    with pytest.raises(SpecCxrError, match="exited with status 2: spec-cxr: error: unknown judge"):
        SpecCxr(judge="nonsense:judge")


def test_bad_url():
    with pytest.raises(SpecCxrError, match="url must be"):
        SpecCxr(url="localhost:8080")
