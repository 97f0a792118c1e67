#!/usr/bin/env python3
"""Shows, per article, the gold entities the engine missed and the entities it
predicted that match no gold entity (typed, as ../shared/corpus/score.py matches).

    scripts/entities/diff.py GOLD.jsonl ENRICHED.jsonl
"""
import json
import sys

sys.path.insert(0, "../shared/corpus")
from score import fold, names_of_pred_entity  # noqa: E402

gold = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
pred = {}
for l in open(sys.argv[2], encoding="utf-8"):
    if l.strip():
        r = json.loads(l)
        pred[str(r["id"])] = r
for g in gold:
    pe = pred[str(g["id"])]["enrichment"]["entities"]
    used = set()
    missed = []
    for e in g["gold"]["entities"]:
        names = {fold(e["canonical"])} | {fold(s) for s in e["surface"]}
        hit = None
        for j, r in enumerate(pe):
            if j not in used and r["type"] == e["type"] and names & names_of_pred_entity(r):
                hit = j
                break
        if hit is None:
            missed.append(f'{e["type"][:3]}:{e["canonical"]}{e["surface"]}')
        else:
            used.add(hit)
    extra = [f'{r["type"][:3]}:{r["name"]}' for j, r in enumerate(pe) if j not in used]
    if missed or extra:
        print(f'== {g["id"]}')
        if missed:
            print("  MISSED:", "; ".join(missed))
        if extra:
            print("  EXTRA: ", "; ".join(extra))
