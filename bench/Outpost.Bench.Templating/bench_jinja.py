#!/usr/bin/env python3
"""Renders every template for every site with Jinja2 and reports time and an output digest as JSON.

Usage: bench_jinja.py TEMPLATES_DIR SITES_JSON --warmup N
Templates are compiled once (one Environment); only the render loop is timed, as on the C# side.
"""
import argparse
import hashlib
import json
import os
import sys
import time

import jinja2


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("templates_dir")
    parser.add_argument("sites_json")
    parser.add_argument("--warmup", type=int, default=200)
    args = parser.parse_args()
    with open(args.sites_json, encoding="utf-8") as f:
        sites = json.load(f)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(args.templates_dir),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    names = sorted(n for n in os.listdir(args.templates_dir) if not n.startswith("_"))
    templates = [env.get_template(n) for n in names]
    for site in sites[: args.warmup]:
        for t in templates:
            t.render(site)
    digest = hashlib.sha256()
    total_bytes = 0
    start = time.perf_counter()
    for site in sites:
        for t in templates:
            out = t.render(site).encode("utf-8")
            total_bytes += len(out)
            digest.update(out)
            digest.update(b"\0")
    seconds = time.perf_counter() - start
    json.dump({"jinja2": jinja2.__version__, "seconds": seconds, "renders": len(sites) * len(templates),
               "bytes": total_bytes, "sha256": digest.hexdigest(), "templates": names}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
