#!/usr/bin/env python3
"""Plants twenty old examples beneath a corpus, each plainly the best answer to one query (its words
in the title, the summary and the keywords), then checks where Casebook ranks each.

    scripts/plant-best-answers.py write CORPUS.jsonl OUT.jsonl QUERIES.txt   # planted first, then the corpus
    casebook --db LIB import OUT.jsonl
    casebook bench --library LIB --queries QUERIES.txt --results RESULTS.jsonl
    scripts/plant-best-answers.py check LIB RESULTS.jsonl                   # exit 1 unless each is in the top 5

The planted examples come first in the file (the lowest ids) and are dated 2015, older than every
example of the corpus, so neither id nor date can carry them to the top: only relevance can.
"""
import json, sqlite3, sys, uuid

QUERIES = ["carers breathlessness", "frailty pharmacy", "homeless outreach", "children transition", "spiritual chaplaincy",
           "pain volunteers", "gypsy traveller", "autism family", "dementia pharmacy", "frailty outreach", "homeless dementia",
           "motor neurone volunteers", "bereavement children", "chaplaincy families", "traveller carers", "pharmacy night",
           "learning disabilities bereavement", "dementia prison", "dementia night", "digital records"]


def planted(index, query):
    words = query.split()
    return {"uid": str(uuid.uuid5(uuid.NAMESPACE_URL, "planted/" + query)),
            "title": f"{query.capitalize()}: what we learnt about {' and '.join(words)}",
            "summary": f"A service built around {query}, where {' and '.join(words)} came together for the first time.",
            "body": "We started small and learnt as we went.",
            "foundations": ["sharing-learning"], "organisation": {"name": "Old Town Hospice", "type": "hospice"},
            "keywords": words, "status": "published", "published_at": f"2015-01-{index + 1:02d}T10:00:00Z"}


def write(corpus, out, queries):
    with open(out, "w", encoding="utf-8") as fh:
        for i, q in enumerate(QUERIES):
            fh.write(json.dumps(planted(i, q)) + "\n")
        with open(corpus, encoding="utf-8") as src:
            for line in src:
                fh.write(line)
    with open(queries, "w", encoding="utf-8") as fh:
        fh.write("\n".join(QUERIES) + "\n")


def check(library, results):
    con = sqlite3.connect(f"file:{library}?mode=ro", uri=True)
    uid = dict(con.execute("SELECT id, uid FROM example"))
    found = 0
    for line in open(results, encoding="utf-8"):
        r = json.loads(line)
        want = str(uuid.uuid5(uuid.NAMESPACE_URL, "planted/" + r["query"]))
        ranked = [uid[i] for i in r["ids"]]
        rank = ranked.index(want) + 1 if want in ranked else None
        found += rank is not None and rank <= 5
        print(f"{r['query']:36s} {r['total']:6d} matches  best answer at {rank if rank else 'not in top 20'}")
    print(f"{found} of {len(QUERIES)} best answers in the top 5")
    return 0 if found == len(QUERIES) else 1


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(*sys.argv[2:5])
    else:
        sys.exit(check(*sys.argv[2:4]))
