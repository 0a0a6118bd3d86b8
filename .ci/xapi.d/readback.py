"""Reads every statement back from the LRS's statements API (following `more` links) and checks
it against what `rapport xapi` wrote: each expected statement is there exactly once, with the
same verb, object, response and score, in the same order by timestamp within its
registration, and nothing else is there.

usage: readback.py ENDPOINT USER:PASSWORD EXPECTED.json...
"""

import base64
import json
import sys
import urllib.parse
import urllib.request
from collections import Counter


def get(url, auth):
    req = urllib.request.Request(url, headers={
        "Authorization": "Basic " + base64.b64encode(auth.encode()).decode(),
        "X-Experience-API-Version": "1.0.3",
    })
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.load(r)


def main():
    endpoint, auth, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    expected = [s for f in files for s in json.load(open(f))]
    held, url, pages = [], f"{endpoint}/statements?limit=500", 0
    while url:
        page = get(url, auth)
        pages += 1
        held.extend(page["statements"])
        more = page.get("more")
        url = urllib.parse.urljoin(endpoint, more) if more else None
        if pages > 1000:
            sys.exit("more than 1000 pages")
    counts = Counter(s["id"] for s in held)
    twice = [i for i, n in counts.items() if n > 1]
    if twice:
        sys.exit(f"{len(twice)} statement ids are stored more than once, e.g. {twice[0]}")
    by_id = {s["id"]: s for s in held}
    missing = [s["id"] for s in expected if s["id"] not in by_id]
    if missing:
        sys.exit(f"{len(missing)} of {len(expected)} statements never arrived, e.g. {missing[0]}")
    extra = set(by_id) - {s["id"] for s in expected}
    if extra:
        sys.exit(f"the LRS holds {len(extra)} statements nobody sent")
    for s in expected:
        h = by_id[s["id"]]
        for path in (("verb", "id"), ("object", "id"), ("actor",), ("context", "registration"),
                     ("result", "response"), ("result", "score"), ("result", "success"), ("timestamp",)):
            a, b = s, h
            for k in path:
                a, b = (a or {}).get(k), (b or {}).get(k)
            if k == "timestamp" and a and b:
                a, b = a.replace("+00:00", "Z"), b.replace("+00:00", "Z")
            if a != b:
                sys.exit(f"statement {s['id']}: {'.'.join(path)} is {b!r} in the LRS, {a!r} sent")
    # Order: within a registration, the LRS's timestamps put the statements in the order sent.
    regs = {}
    for s in expected:
        regs.setdefault(s["context"]["registration"], []).append(s["id"])
    for reg, ids in regs.items():
        by_time = sorted(ids, key=lambda i: by_id[i]["timestamp"])
        if by_time != ids:
            sys.exit(f"registration {reg}: the LRS's order by timestamp is not the order sent")
    verbs = Counter(s["verb"]["id"].rsplit("/", 1)[1] for s in held)
    print(f"the LRS holds all {len(expected)} statements once each ({pages} page(s), "
          f"{len(regs)} registrations): " + ", ".join(f"{v} {n}" for v, n in sorted(verbs.items())))


main()
