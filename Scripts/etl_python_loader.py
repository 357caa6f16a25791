#!/usr/bin/env python3
"""Loads a CSV file into an SQLite table with the standard library only: csv.reader and
sqlite3's executemany in one transaction. It is the Python baseline of `workbook bench etl`,
shaped like the workbook's CSVLoader: one table of TEXT columns named from the header (or c1..cN),
rows inserted in file order, empty lines skipped, records with the wrong number of fields
skipped and counted, and optionally the same metadata columns (_source_file, _line, _loaded_at).

Usage: etl_python_loader.py --csv FILE --table NAME --db FILE [--no-header] [--delimiter C]
                            [--metadata] [--json]

SQLite runs with its defaults (journal_mode=DELETE, synchronous=FULL), as in the benchmark's other
loaders. Prints a summary, or with --json one JSON object: rows loaded, rows skipped, seconds,
and the process's peak resident memory in bytes.
"""

import argparse
import csv
import json
import resource
import sqlite3
import sys
import time
from datetime import datetime, timezone


def quoted(identifier):
    return '"' + identifier.replace('"', '""') + '"'


def unique_names(header):
    taken, names = {"_source_file", "_line", "_loaded_at"}, []
    for position, field in enumerate(header, start=1):
        base = field or f"c{position}"
        name, suffix = base, 2
        while name.lower() in taken:
            name, suffix = f"{base}_{suffix}", suffix + 1
        taken.add(name.lower())
        names.append(name)
    return names


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--csv", required=True)
    parser.add_argument("--table", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--no-header", action="store_true")
    parser.add_argument("--delimiter", default=",")
    parser.add_argument("--metadata", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    started = time.perf_counter()
    loaded_at = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    db = sqlite3.connect(args.db, isolation_level=None)
    skipped = 0
    loaded = 0
    with open(args.csv, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=args.delimiter)
        first, first_line, previous_line = None, 0, 0
        for row in reader:
            if row:
                first, first_line = row, previous_line + 1
                previous_line = reader.line_num
                break
            previous_line = reader.line_num
        if first is None:
            if args.no_header:
                print(json.dumps({"rows": 0}) if args.json else "0 rows")
                return
            sys.exit(f"{args.csv}: empty file: no header")
        columns = [f"c{i}" for i in range(1, len(first) + 1)] if args.no_header else unique_names(first)
        definitions = [f"{quoted(c)} TEXT" for c in columns]
        names = list(columns)
        if args.metadata:
            definitions += ['"_source_file" TEXT', '"_line" INTEGER', '"_loaded_at" TEXT']
            names += ["_source_file", "_line", "_loaded_at"]
        db.execute("BEGIN IMMEDIATE")
        db.execute(f"CREATE TABLE IF NOT EXISTS {quoted(args.table)} ({', '.join(definitions)})")
        insert = (
            f"INSERT INTO {quoted(args.table)} ({', '.join(map(quoted, names))}) "
            f"VALUES ({', '.join('?' * len(names))})"
        )

        def rows():
            nonlocal skipped, loaded, previous_line
            if args.no_header:
                loaded += 1
                yield first + [args.csv, first_line, loaded_at] if args.metadata else first
            for row in reader:
                start_line, previous_line = previous_line + 1, reader.line_num
                if not row:
                    continue
                if len(row) != len(columns):
                    skipped += 1
                    continue
                loaded += 1
                if args.metadata:
                    row += [args.csv, start_line, loaded_at]
                yield row

        db.executemany(insert, rows())
        db.execute("COMMIT")
    db.close()
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    if args.json:
        print(json.dumps({"rows": loaded, "skipped": skipped, "seconds": seconds, "peakMemoryBytes": peak}))
    else:
        print(f"{loaded} rows loaded, {skipped} skipped, in {seconds:.2f} s; peak memory {peak / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
