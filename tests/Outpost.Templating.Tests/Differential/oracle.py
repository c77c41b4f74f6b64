#!/usr/bin/env python3
"""Differential oracle: renders every case of the corpus with Python's Jinja2.

One process renders the whole corpus. The result is the truth the C# engine is
compared against; nothing it produces is committed.

Usage:
  oracle.py CASES_DIR --out RESULTS.json   (used by DifferentialTests)
  oracle.py CASES_DIR --summary            (authoring: counts and problems)
  oracle.py CASES_DIR --show NAME_PREFIX   (authoring: print outputs)

Case file format (YAML, one file per feature area):
  area: filters            # optional, defaults to the file name
  data: {...}              # optional, default data for every case of the file
  options: {...}           # optional, default options for every case of the file
  templates: {...}         # optional, named templates every case of the file can include/import/extend
  cases:
    - name: upper          # unique within the file; full name is "<area>/<name>"
      template: "..."      # the main template (stored as "main")
      templates: {...}     # optional further named templates (include/import/extends)
      data: {...}          # optional, JSON-able (round-tripped through JSON)
      options:             # optional
        trim_blocks: false
        lstrip_blocks: false
        keep_trailing_newline: false
        strict: false      # StrictUndefined instead of Undefined
      expect_error: false  # true when Jinja2 must fail (and so must the engine)
"""
import argparse
import json
import os
import sys

try:
    import jinja2
    import yaml
except ImportError as ex:  # the C# test turns this into a clear failure
    print(f"oracle: missing Python module: {ex}", file=sys.stderr)
    sys.exit(3)

OPTION_KEYS = {"trim_blocks", "lstrip_blocks", "keep_trailing_newline", "strict"}
CASE_KEYS = {"name", "template", "templates", "data", "options", "expect_error", "note"}
MAIN = "main"


def check_keys(name, value):
    """YAML 1.1 turns keys like yes/no/on/true into booleans: refuse them."""
    if isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, str):
                raise ValueError(f"{name}: data key {k!r} is not a string (quote it in the YAML)")
            check_keys(name, v)
    elif isinstance(value, list):
        for v in value:
            check_keys(name, v)


def load_cases(cases_dir):
    cases, names = [], set()
    for file_name in sorted(os.listdir(cases_dir)):
        if not file_name.endswith((".yaml", ".yml")):
            continue
        path = os.path.join(cases_dir, file_name)
        with open(path, encoding="utf-8", newline="") as f:
            doc = yaml.safe_load(f)
        area = doc.get("area") or os.path.splitext(file_name)[0]
        file_data = doc.get("data") or {}
        file_options = doc.get("options") or {}
        file_templates = doc.get("templates") or {}
        for raw in doc["cases"]:
            unknown = set(raw) - CASE_KEYS
            if unknown:
                raise ValueError(f"{file_name}: case {raw.get('name')}: unknown keys {sorted(unknown)}")
            name = f"{area}/{raw['name']}"
            if name in names:
                raise ValueError(f"duplicate case name {name}")
            names.add(name)
            templates = {**file_templates, **(raw.get("templates") or {})}
            if "template" in raw:
                templates[MAIN] = raw["template"]
            if MAIN not in templates:
                raise ValueError(f"{name}: no main template")
            options = {**file_options, **(raw.get("options") or {})}
            if set(options) - OPTION_KEYS:
                raise ValueError(f"{name}: unknown options {sorted(set(options) - OPTION_KEYS)}")
            data = raw.get("data", file_data) or {}
            check_keys(name, data)
            # JSON round trip: Python sees exactly what the C# side gets from TemplateData.FromJson.
            try:
                data_json = json.dumps(data, ensure_ascii=False)
            except TypeError as ex:
                raise ValueError(f"{name}: data is not JSON-able ({ex}); quote dates and the like in the YAML") from ex
            cases.append({
                "name": name,
                "file": file_name,
                "templates": {k: str(v) for k, v in templates.items()},
                "data_json": data_json,
                "options": {k: bool(options.get(k, False)) for k in sorted(OPTION_KEYS)},
                "expect_error": bool(raw.get("expect_error", False)),
            })
    return cases


def render(case):
    opts = case["options"]
    env = jinja2.Environment(
        loader=jinja2.DictLoader(case["templates"]),
        trim_blocks=opts["trim_blocks"],
        lstrip_blocks=opts["lstrip_blocks"],
        keep_trailing_newline=opts["keep_trailing_newline"],
        undefined=jinja2.StrictUndefined if opts["strict"] else jinja2.Undefined,
    )
    try:
        output = env.get_template(MAIN).render(json.loads(case["data_json"]))
        return {"ok": True, "output": output}
    except Exception as ex:  # any failure is an expected-error outcome
        return {"ok": False, "error": f"{type(ex).__name__}: {ex}"}


def run(cases):
    for case in cases:
        case["result"] = render(case)
        ok = case["result"]["ok"]
        if case["expect_error"] and ok:
            case["problem"] = "case is tagged expect_error but Jinja2 rendered it successfully"
        elif not case["expect_error"] and not ok:
            case["problem"] = "Jinja2 failed on a case not tagged expect_error: " + case["result"]["error"]
        else:
            case["problem"] = None
    return cases


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("cases_dir")
    parser.add_argument("--out")
    parser.add_argument("--summary", action="store_true")
    parser.add_argument("--show")
    args = parser.parse_args()
    cases = run(load_cases(args.cases_dir))
    if args.out:
        with open(args.out, "w", encoding="utf-8", newline="") as f:
            json.dump({"jinja2_version": jinja2.__version__, "cases": cases}, f, ensure_ascii=True)
    if args.show is not None:
        for c in cases:
            if c["name"].startswith(args.show):
                r = c["result"]
                print(f"=== {c['name']} {'' if r['ok'] else '(error)'}")
                print(r["output"] if r["ok"] else r["error"], end="" if r["ok"] else "\n")
                print("\n<<<")
    if args.summary:
        by_area = {}
        for c in cases:
            area = c["name"].split("/")[0]
            a = by_area.setdefault(area, [0, 0])
            a[0] += 1
            a[1] += c["expect_error"]
        for area, (n, e) in sorted(by_area.items()):
            print(f"{area:28} {n:4} cases, {e} expected errors")
        total = len(cases)
        errs = sum(c["expect_error"] for c in cases)
        print(f"{'TOTAL':28} {total:4} cases, {errs} expected errors, {100 * (total - errs) / max(total, 1):.1f}% renders")
        for c in cases:
            if c["problem"]:
                print(f"PROBLEM {c['name']}: {c['problem']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
