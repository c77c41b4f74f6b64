#!/usr/bin/env python3
"""Renders a fleet workload (written by the C# benchmark) with Jinja2 and reports time and an output digest as JSON.

Usage: bench_fleet_jinja.py WORKLOAD_JSON

Mirrors FleetWorkload/FleetCSharpRunner: one Environment per bundle (DictLoader over fleet partials/ plus the
bundle's templates/), options from fleet.yaml's render section (StrictUndefined when strict_undefined), every
template and output-path template compiled before timing, render jobs (site, bundle, file, foreach item) and
their contexts built before timing. Only the render loop is timed, on one thread, as on the C# side.
"""
import hashlib
import json
import sys
import time

import jinja2


def resolve(data, path):
    value = data
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        workload = json.load(f)
    opts = workload["options"]
    compiled = []  # per bundle: (root, [(file, body, path_template)])
    for bundle in workload["bundles"]:
        env = jinja2.Environment(
            loader=jinja2.DictLoader(bundle["sources"]),
            trim_blocks=opts["trim_blocks"],
            lstrip_blocks=opts["lstrip_blocks"],
            keep_trailing_newline=opts["keep_trailing_newline"],
            undefined=jinja2.StrictUndefined if opts["strict_undefined"] else jinja2.Undefined,
        )
        files = []
        for f in bundle["files"]:
            body = env.get_template(f["template"])
            path = env.from_string(f["path"]) if f["path_is_template"] else None
            files.append((f, body, path))
        compiled.append((bundle["root"], files))

    jobs = []  # (site index, root, body, path template, fixed path, context)
    for index, site in enumerate(workload["sites"]):
        data = site["data"]
        for b in site["bundles"]:
            root, files = compiled[b]
            for f, body, path in files:
                if f["foreach"] is None:
                    jobs.append((index, root, body, path, f["path"], data))
                    continue
                items = resolve(data, f["foreach"])
                if items is None:
                    continue
                for item in items:
                    context = dict(data)
                    context["item"] = item
                    jobs.append((index, root, body, path, f["path"], context))

    warmup = workload["warmup_sites"]
    failures = 0
    for index, root, body, path, fixed, context in jobs:
        if index >= warmup:
            break
        try:
            (path.render(context) if path is not None else fixed, body.render(context))
        except jinja2.TemplateError:
            pass

    digest = hashlib.sha256()
    total_bytes = 0
    start = time.perf_counter()
    for index, root, body, path, fixed, context in jobs:
        try:
            relative = path.render(context) if path is not None else fixed
            out = body.render(context).encode("utf-8")
        except jinja2.TemplateError:
            failures += 1
            continue
        total_bytes += len(out)
        digest.update((root + "/" + relative).encode("utf-8"))
        digest.update(b"\0")
        digest.update(out)
        digest.update(b"\0")
    seconds = time.perf_counter() - start
    json.dump({"jinja2": jinja2.__version__, "python": sys.version.split()[0], "seconds": seconds, "renders": len(jobs),
               "failures": failures, "bytes": total_bytes, "sha256": digest.hexdigest()}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
