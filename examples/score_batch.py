"""Scores a report generator's outputs against the references through the spec-cxr service (standard library only).

    python3 examples/score_batch.py --references test_refs.json --candidates test_preds.json [--url URL] [--out FILE.csv]

Both files: a JSON dict {id: text} or {id: [text]}, or a CSV with a header (id or study_id, and report or text).
Writes one row per id (error_count, weighted_errors, f1, fp, fn, ...) and prints the means. Without --url it starts
`spec-cxr serve` from the built jar and stops it at the end.
"""

import argparse
import csv
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))

from spec_cxr import SpecCxr, SpecCxrError  # noqa: E402

FIELDS = ["id", "error_count", "weighted_errors", "f1", "fp", "fn", "location_errors", "severity_errors",
          "comparison_errors", "tp", "tn"]


def read_reports(path):
    if path.lower().endswith(".json"):
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        out = {}
        for k, v in data.items():
            if isinstance(v, list) and len(v) == 1:
                v = v[0]
            if isinstance(v, dict):
                v = v.get("report", v.get("text"))
            if not isinstance(v, str):
                sys.exit("score_batch: %s: id %r has no report text" % (path, k))
            out[str(k)] = v
        return out
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        sys.exit("score_batch: %s holds no rows" % path)
    id_col = next((c for c in ("id", "study_id", "uid") if c in rows[0]), None)
    text_col = next((c for c in ("report", "text") if c in rows[0]), None)
    if id_col is None or text_col is None:
        sys.exit("score_batch: %s needs an id (id, study_id) and a text (report, text) column" % path)
    return {r[id_col]: r[text_col] for r in rows}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--references", required=True)
    ap.add_argument("--candidates", required=True)
    ap.add_argument("--url", help="a running spec-cxr serve (default: start one from the jar)")
    ap.add_argument("--out", help="CSV of per-report scores (default: only the means)")
    args = ap.parse_args()

    refs, cands = read_reports(args.references), read_reports(args.candidates)
    ids = [i for i in cands if i in refs]
    missing = len(set(refs) ^ set(cands))
    if not ids:
        sys.exit("score_batch: no id in common between the two files")
    try:
        with SpecCxr(url=args.url) as service:
            results = service.evaluate([refs[i] for i in ids], [cands[i] for i in ids], ids=ids, records=False)
    except SpecCxrError as e:
        sys.exit("score_batch: %s" % e)
    scored = [r for r in results if "error" not in r]
    if args.out:
        with open(args.out, "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=FIELDS, extrasaction="ignore")
            w.writeheader()
            w.writerows(scored)
    n = len(scored)
    print("%d pairs scored (%d failed, %d ids on one side only): mean errors %.2f (lower is better), "
          "mean weighted errors %.2f, mean report F1 %.3f (higher is better)" % (
              n, len(results) - n, missing, sum(r["error_count"] for r in scored) / n,
              sum(r["weighted_errors"] for r in scored) / n, sum(r["f1"] for r in scored) / n))


if __name__ == "__main__":
    main()
