#!/usr/bin/env python3
"""Trains the entity typer (src/enrich/entities/classify.rs) on gold sets.

    scripts/entities/train_typer.py [--out resources/shared/entities/typer.tsv] GOLD.jsonl...
    scripts/entities/train_typer.py --cv GOLD.jsonl...     # leave-one-set-out report only

For each gold set, the articles (gold stripped) go through
`examples/typer_features` (built in release), which prints the entities the
rules alone find and each one's features. Each entity is labelled with the
type of the gold entity it matches by name (the shared scorer's matching),
or `none` when it matches none. A multinomial logistic regression (L2,
AdaGrad, a fixed shuffle: the same inputs give the same weights) learns
the labels (every entity's, so that shared features see all the data). The
model judges only the rules' guesses, never a type taken from a cue or a
gazetteer; the margin by which another label must beat the rules' is
chosen by leave-one-set-out scoring of the entities, summed over sets.

Written weights are rounded to 4 decimals and features seen fewer than
MIN_COUNT times are left out. The file's header names the sets it was
trained on. Needs only the Python standard library.
"""
import argparse, json, math, os, random, subprocess, sys, tempfile
from collections import Counter, defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "..", "shared", "corpus"))
from score import fold, names_of_pred_entity, new_scores, score_article  # noqa: E402

LABELS = ["person", "organization", "location", "none"]
MIN_COUNT = 2
EPOCHS = 12
L2 = 1e-4
RATE = 0.05
MARGINS = [0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 1000.0]


def traced(gold_path):
    """The rules' entities and features of every article of one gold set."""
    with tempfile.TemporaryDirectory() as tmp:
        stripped = os.path.join(tmp, "in.jsonl")
        with open(stripped, "w", encoding="utf-8") as f:
            for line in open(gold_path, encoding="utf-8"):
                if line.strip():
                    rec = json.loads(line)
                    rec.pop("gold", None)
                    f.write(json.dumps(rec, ensure_ascii=False) + "\n")
        exe = os.path.join(ROOT, "target", "release", "examples", "typer_features")
        out = subprocess.run([exe, stripped], check=True, stdout=subprocess.PIPE, text=True).stdout
    return {str(r["id"]): r for r in map(json.loads, out.splitlines())}


def label(entity, gold_entities):
    names = names_of_pred_entity(entity)
    hits = []
    for g in gold_entities:
        gn = {fold(g.get("canonical"))} | {fold(s) for s in g.get("surface") or []}
        if gn & names:
            hits.append(g["type"])
    if entity["type"] in hits:
        return entity["type"]
    return hits[0] if hits else "none"


def load(gold_path):
    gold = [json.loads(l) for l in open(gold_path, encoding="utf-8") if l.strip()]
    tr = traced(gold_path)
    articles = []
    for g in gold:
        ents = tr[str(g["id"])]["entities"]
        for e in ents:
            e["label"] = label(e, g["gold"].get("entities") or [])
        articles.append((g, ents))
    return articles


def train(examples, seed=0):
    """examples: [(features, label index)] -> {feature: [4 weights]}"""
    counts = Counter(f for fs, _ in examples for f in set(fs))
    keep = {f for f, n in counts.items() if n >= MIN_COUNT}
    w = defaultdict(lambda: [0.0] * 4)
    g2 = defaultdict(lambda: [1e-6] * 4)
    order = list(range(len(examples)))
    rng = random.Random(seed)
    for _ in range(EPOCHS):
        rng.shuffle(order)
        for i in order:
            fs, y = examples[i]
            fs = [f for f in fs if f in keep]
            s = [0.0] * 4
            for f in fs:
                wf = w[f]
                for k in range(4):
                    s[k] += wf[k]
            m = max(s)
            e = [math.exp(v - m) for v in s]
            z = sum(e)
            p = [v / z for v in e]
            for f in fs:
                wf, gf = w[f], g2[f]
                for k in range(4):
                    grad = p[k] - (1.0 if k == y else 0.0) + L2 * wf[k]
                    gf[k] += grad * grad
                    wf[k] -= RATE * grad / math.sqrt(gf[k])
    out = {}
    for f in sorted(w):
        r = [round(v, 4) for v in w[f]]
        if max(abs(v) for v in r) >= 0.01:
            out[f] = r
    return out


def strong(entity):
    return any(f.startswith("rs:") and f.endswith(":Strong") for f in entity["features"])


def decide(weights, entity, margin):
    """The label the shipped rule picks: the rules' type unless another
    label beats it by more than `margin`; a type the rules took from a cue
    or a gazetteer, and the dateline's, always stand (see classify.rs)."""
    if strong(entity):  # the dateline's entities ("fixed") are strong too
        return entity["type"]
    s = [0.0] * 4
    for f in entity["features"]:
        wf = weights.get(f)
        if wf:
            for k in range(4):
                s[k] += wf[k]
    own = LABELS.index(entity["type"])
    best = own
    for k in range(4):
        if s[k] > s[best]:
            best = k
    return LABELS[best] if best != own and s[best] - s[own] > margin else entity["type"]


def entity_f1(articles, weights, margin):
    S = new_scores()
    for g, ents in articles:
        pe = []
        for e in ents:
            t = decide(weights, e, margin) if weights else e["type"]
            if t != "none":
                pe.append({"type": t, "name": e["name"], "canonical": e["canonical"],
                           "mentions": [{"text": m} for m in e["mentions"]]})
        score_article(g, {"enrichment": {"entities": pe}}, S)
    return S["entities"].f(), S["entities_organization"].f()


def examples_of(articles):
    return [(e["features"], LABELS.index(e["label"]))
            for _, ents in articles for e in ents if not e["fixed"]]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(ROOT, "resources/shared/entities/typer.tsv"))
    ap.add_argument("--cv", action="store_true", help="leave-one-set-out report, write nothing")
    ap.add_argument("gold", nargs="+")
    a = ap.parse_args()
    sets = {p: load(p) for p in a.gold}
    totals = Counter()
    rows = []
    for held in sets:
        rest = [art for p, arts in sets.items() if p != held for art in arts]
        w = train(examples_of(rest))
        row = [os.path.basename(held), entity_f1(sets[held], None, None)]
        for m in MARGINS:
            f = entity_f1(sets[held], w, m)
            totals[m] += f[0]
            row.append(f)
        rows.append(row)
    if a.cv:
        print("set", "rules", *MARGINS, sep="\t")
        for r in rows:
            print(r[0], "%.3f/%.3f" % r[1], *("%.3f/%.3f" % f for f in r[2:]), sep="\t")
        print("sum", "", *("%.3f" % totals[m] for m in MARGINS), sep="\t")
        return
    # The best margin; on a tie the larger, which changes less.
    margin = max(MARGINS, key=lambda m: (round(totals[m], 6), m))
    everything = [art for arts in sets.values() for art in arts]
    w = train(examples_of(everything))
    with open(a.out, "w", encoding="utf-8") as f:
        f.write("# The entity typer's weights (src/enrich/entities/classify.rs), written by\n")
        f.write("# scripts/entities/train_typer.py from these gold sets:\n")
        for p in a.gold:
            f.write(f"#   {os.path.relpath(p, ROOT)}\n")
        f.write("# feature\tperson\torganization\tlocation\tnone\n")
        f.write(f"=margin\t{margin}\t0\t0\t0\n")
        for feat, r in w.items():
            f.write(feat + "\t" + "\t".join(repr(v) for v in r) + "\n")
    print(f"{a.out}: {len(w)} features, margin {margin}", file=sys.stderr)


if __name__ == "__main__":
    main()
