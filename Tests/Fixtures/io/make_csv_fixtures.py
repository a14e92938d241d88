#!/usr/bin/env python3
"""Writes csv_cases.json for Tests/QuarryTests/IO/CSVReaderTests.swift.

Each case is a CSV text (RFC 4180 edge cases) with what Python's csv module reads from
it (blank lines dropped, as pandas does) and, for the table loader, the numeric columns
pandas.read_csv finds and their values (float_precision="round_trip", correctly rounded;
NaN written as null). Run from this folder:  python3 make_csv_fixtures.py
"""
import csv
import io
import json
import math

import pandas as pd

CASES = [
    ("plain", "a,b,c\n1,2,3\n4,5,6\n", ","),
    ("no_final_newline", "a,b\n1,2\n3,4", ","),
    ("crlf", "a,b\r\n1,2\r\n3,4\r\n", ","),
    ("quoted_delimiter", 'id,text\n1,"hello, world"\n2,"x,y,z"\n', ","),
    ("escaped_quotes", 'id,text\n1,"she said ""hi"""\n2,""""\n', ","),
    ("quoted_newlines", 'id,text,score\n1,"line one\nline two",0.5\n2,"a\r\nb",0.25\n', ","),
    ("empty_fields", "a,b,c\n1,,3\n,,\n4,5,\n", ","),
    ("quoted_empty", 'a,b\n"",1\n"2",""\n', ","),
    ("blank_lines", "a,b\n1,2\n\n3,4\n\r\n5,6\n", ","),
    ("semicolon", "a;b\n1,5;2\n3;4\n", ";"),
    ("tab", "a\tb\n1\t2\n3\t4\n", "\t"),
    ("numbers", "x,y\n1e3,-2.5E-3\n.5,5.\n+7,-0\ninf,-inf\nnan,NaN\n1.7976931348623157e308,4.9e-324\n", ","),
    ("spaces_around_numbers", "x,y\n 1.5,2 \n3 , 4\n", ","),
    ("text_column", "id,v\nabc,1\n2,2\nx y,3\n", ","),
    ("quoted_numbers", 'a,b\n"1.5","2"\n"3",4\n', ","),
    ("unicode", "name,v\ncafé,1\n日本,2\n", ","),
    ("long_digits", "x\n3.14159265358979323846264338327950288\n0.1000000000000000055511151231257827\n123456789012345678901234567890\n", ","),
]


def records(text, delimiter):
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return [r for r in rows if r]


def numeric(text, delimiter):
    frame = pd.read_csv(io.StringIO(text), sep=delimiter, float_precision="round_trip",
                        keep_default_na=False, na_values=["", "nan", "NaN"], skip_blank_lines=True,
                        skipinitialspace=False)
    out = {}
    for name in frame.columns:
        column = frame[name]
        if column.dtype.kind in "fi":
            out[name] = [None if math.isnan(float(v)) else float(v).hex() for v in column]
    return out


cases = []
for name, text, delimiter in CASES:
    rs = records(text, delimiter)
    cases.append({
        "name": name,
        "text": text,
        "delimiter": delimiter,
        "header": rs[0],
        "records": rs[1:],
        "numeric": numeric(text, delimiter),
    })

with open("csv_cases.json", "w", encoding="utf-8") as f:
    json.dump(cases, f, indent=1, ensure_ascii=False)
    f.write("\n")
print("wrote", len(cases), "cases")
