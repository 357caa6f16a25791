#!/usr/bin/env python3
"""Prints the records Python's csv.reader yields for a file, as JSON: the oracle for the CSV
reader's tests (Tests/ETLTests/CSVReaderTests.swift).

Usage: etl_csv_reference.py FILE [--delimiter C] [--max-field-bytes N] [--expected-fields N]

The file is opened as the workbook's reader treats it: encoding "utf-8-sig" (a leading byte order
mark is dropped), newline="" (CR, LF and CRLF end lines; line breaks inside quotes are kept), the
"excel" dialect with strict=False and no field size limit. Invalid UTF-8 is decoded with
"surrogateescape" so that the rest of the file is still read.

Output: {"python": "3.11.7", "records": [{"line": 1, "fields": [...], "flags": [...]}, ...]}
where "line" is the 1-based line the record starts on and "flags" lists, in this order, what the
workbook's reader treats differently from Python:
  blank               Python yields [] for an empty line (the workbook skips and counts it)
  unterminated_quote  the record ends inside quotes at the end of the file
  field_too_large     a field is longer than --max-field-bytes once encoded as UTF-8
  nul_byte            a field contains NUL (Python 3.11 accepts it)
  invalid_utf8        the record's bytes are not valid UTF-8 (shown with U+FFFD)
  wrong_field_count   the record does not have --expected-fields fields
"""

import argparse
import csv
import json
import sys


class Lines:
    """The file's lines, remembering whether the reader has asked past the last one."""

    def __init__(self, handle):
        self.handle = handle
        self.exhausted = False

    def __iter__(self):
        return self

    def __next__(self):
        line = self.handle.readline()
        if line == "":
            self.exhausted = True
            raise StopIteration
        return line


def has_surrogates(text):
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def shown(text):
    """The text with escaped bytes shown as U+FFFD, so that the JSON is valid UTF-8."""
    return "".join("\ufffd" if "\udc80" <= ch <= "\udcff" else ch for ch in text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file")
    parser.add_argument("--delimiter", default=",")
    parser.add_argument("--max-field-bytes", type=int, default=None)
    parser.add_argument("--expected-fields", type=int, default=None)
    args = parser.parse_args()

    csv.field_size_limit(sys.maxsize)
    records = []
    with open(args.file, encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
        lines = Lines(handle)
        reader = csv.reader(lines, delimiter=args.delimiter, strict=False)
        previous_line = 0
        for row in reader:
            flags = []
            if row == []:
                flags.append("blank")
            if lines.exhausted:
                # Rows only come out after the input is exhausted when the last line ended inside
                # quotes (csv.reader then saves the partial field).
                flags.append("unterminated_quote")
            if args.max_field_bytes is not None and any(
                len(field.encode("utf-8", "surrogateescape")) > args.max_field_bytes for field in row
            ):
                flags.append("field_too_large")
            if any("\x00" in field for field in row):
                flags.append("nul_byte")
            if any(has_surrogates(field) for field in row):
                flags.append("invalid_utf8")
            if row and args.expected_fields is not None and len(row) != args.expected_fields:
                flags.append("wrong_field_count")
            records.append({"line": previous_line + 1, "fields": [shown(f) for f in row], "flags": flags})
            previous_line = reader.line_num
    json.dump({"python": sys.version.split()[0], "records": records}, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
