"""GRPO fine-tuning of a report generator with spec-cxr's entity-level reward (TRL). Not run in CI.

Needs `pip install trl datasets` and a model that writes reports; a vision-language model takes the image column as
TRL documents for VLMs. The dataset needs a "prompt" column and a "reference" column (the radiologist's report).
The reward is minus the report's error count (false and missed findings, wrong side or severity, comparison
errors): higher is better, 0 is a report that agrees with its reference on every entity.

    python3 examples/trl_grpo_reward.py --data train.jsonl --model Qwen/Qwen2.5-0.5B-Instruct

The first call starts `spec-cxr serve` from the built jar (or pass --url of a running one: `./spec-cxr serve`).
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))

from datasets import load_dataset  # noqa: E402
from trl import GRPOConfig, GRPOTrainer  # noqa: E402

from spec_cxr import make_reward_fn  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True, help="JSON Lines with prompt and reference columns")
    ap.add_argument("--model", required=True)
    ap.add_argument("--url", help="a running spec-cxr serve (default: start one from the jar)")
    ap.add_argument("--out", default="bench-out/grpo")
    args = ap.parse_args()

    dataset = load_dataset("json", data_files=args.data, split="train")
    rewards = [
        # errors (negated count) as the main signal; F1 rewards getting the findings right at all
        make_reward_fn(reference_column="reference", score="errors", url=args.url),
        make_reward_fn(reference_column="reference", score="f1", url=args.url),
    ]
    config = GRPOConfig(output_dir=args.out, num_generations=8, max_completion_length=256, logging_steps=10,
                        reward_weights=[1.0, 1.0])
    trainer = GRPOTrainer(model=args.model, reward_funcs=rewards, args=config, train_dataset=dataset)
    trainer.train()


if __name__ == "__main__":
    main()
