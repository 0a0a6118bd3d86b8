"""Validates xAPI statements written by `rapport xapi` with two implementations that are not
ours — Rustici's TinCanPython (the `tincan` package) and Ralph's pydantic model of an xAPI
1.0.3 statement, the one its LRS checks every POST against — and then the rules of Rapport's
profile (docs/xapi.md) that neither knows: cmi5's order, ids, mastery. Exits non-zero, naming
the statement and the rule, on the first failure.

usage: validate.py FILE.json...   (each a JSON array, as `rapport xapi` writes)
"""

import copy
import json
import sys
import uuid

import tincan
from ralph.models.xapi.base.statements import BaseXapiStatement

CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
MASTERY = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"
VERBS = {
    "http://adlnet.gov/expapi/verbs/initialized": "initialized",
    "https://w3id.org/xapi/adb/verbs/selected": "selected",
    "http://adlnet.gov/expapi/verbs/completed": "completed",
    "http://adlnet.gov/expapi/verbs/passed": "passed",
    "http://adlnet.gov/expapi/verbs/failed": "failed",
    "http://adlnet.gov/expapi/verbs/scored": "scored",
    "http://adlnet.gov/expapi/verbs/terminated": "terminated",
}


def fail(file, n, why):
    sys.exit(f"{file}: statement {n}: {why}")


def check_file(file):
    statements = json.load(open(file))
    if not statements:
        sys.exit(f"{file}: no statements")
    ids = set()
    runs = {}
    for n, s in enumerate(statements):
        try:
            # TinCanPython renames the keys of what it is given: hand it a copy.
            tincan.Statement(copy.deepcopy(s))
        except Exception as e:  # TinCanPython raises plain exceptions on bad properties
            fail(file, n, f"TinCanPython refuses it: {e}")
        try:
            BaseXapiStatement(**copy.deepcopy(s))
        except Exception as e:
            fail(file, n, f"Ralph's xAPI model refuses it: {str(e)[:2000]}")
        if str(uuid.UUID(s["id"])) != s["id"]:
            fail(file, n, "the id is not a lower-case UUID")
        if s["id"] in ids:
            fail(file, n, f"the id {s['id']} is used twice")
        ids.add(s["id"])
        verb = VERBS.get(s["verb"]["id"])
        if verb is None:
            fail(file, n, f"verb {s['verb']['id']} is not in the profile")
        if s["verb"]["display"].get("en-US") != verb:
            fail(file, n, "the verb's display name is not its name")
        reg = s["context"]["registration"]
        runs.setdefault(reg, []).append((n, verb, s))
    for reg, run in runs.items():
        verbs = [v for _, v, _ in run]
        if verbs[0] != "initialized":
            fail(file, run[0][0], f"registration {reg} starts with {verbs[0]}, not initialized")
        ended = "completed" in verbs
        if ended:
            if verbs[-1] != "terminated":
                fail(file, run[-1][0], f"registration {reg} ends with {verbs[-1]}, not terminated")
            tail = verbs[verbs.index("completed"):]
            if tail[1] not in ("passed", "failed") or any(v not in ("scored",) for v in tail[2:-1]):
                fail(file, run[-1][0], f"registration {reg}: after completed comes {tail}")
        if any(v not in ("initialized", "selected") for v in verbs[: 1 + verbs.count("selected")]):
            fail(file, run[0][0], f"registration {reg}: decisions out of order: {verbs}")
        for n, verb, s in run:
            cats = [c["id"] for c in s["context"].get("contextActivities", {}).get("category", [])]
            if verb in ("initialized", "completed", "passed", "failed", "terminated") and CMI5 not in cats:
                fail(file, n, f"{verb} lacks the cmi5 category")
            if verb in ("completed", "passed", "failed", "terminated") and "duration" not in s["result"]:
                fail(file, n, f"{verb} has no duration")
            if verb == "completed" and s["result"].get("completion") is not True:
                fail(file, n, "completed without result.completion true")
            if verb in ("passed", "failed"):
                scaled = s["result"]["score"]["scaled"]
                mastery = s["context"]["extensions"][MASTERY]
                if (scaled >= mastery) != (verb == "passed") or s["result"]["success"] != (verb == "passed"):
                    fail(file, n, f"{verb} with scaled {scaled} against mastery {mastery}")
            if verb == "selected":
                offered = [c["id"] for c in s["object"]["definition"]["choices"]]
                if s["result"]["response"] not in offered:
                    fail(file, n, f"response {s['result']['response']} is not among {offered}")
    print(f"{file}: {len(statements)} statements in {len(runs)} registration(s) valid")
    return statements


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for f in sys.argv[1:]:
        check_file(f)
