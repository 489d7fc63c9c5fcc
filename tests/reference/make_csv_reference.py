"""Writes tests/reference/csv_reference.json: what pandas.read_csv makes of the small CSV files in
tests/reference/csv/, for the C++ reader's parity test (tests/cpp/io/test_csv.cpp).

pandas is asked for mlkit's defaults: the NA markers "", "NA", "NaN", "nan", "null" only.
Columns pandas leaves as strings are encoded like mlkit's reader: categories sorted, code = index, NA = NaN.

Run: python tests/reference/make_csv_reference.py
"""

import json
import math
import pathlib

import pandas as pd

HERE = pathlib.Path(__file__).resolve().parent
NA = ["", "NA", "NaN", "nan", "null"]

# File name -> (read_csv keyword arguments, mlkit options for the C++ test, target column).
FILES = {
    "numeric_bom_crlf.csv": ({}, {}, None),
    "strings.csv": ({}, {}, "label"),
    "semicolon_noheader.csv": ({"sep": ";", "header": None}, {"delimiter": ";", "header": False}, None),
    "numbers.csv": ({}, {}, None),
}


def number(v):
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def encode(series):
    if not pd.api.types.is_numeric_dtype(series.dtype):
        cats = sorted(set(s for s in series if isinstance(s, str)))
        index = {c: i for i, c in enumerate(cats)}
        return [number(index[s]) if isinstance(s, str) else "nan" for s in series], cats
    return [number(v) for v in series], []


def main():
    out = {}
    for name, (kwargs, options, target) in FILES.items():
        df = pd.read_csv(HERE / "csv" / name, keep_default_na=False, na_values=NA,
                         **kwargs)
        df.columns = [str(c) for c in df.columns]
        entry = {"options": options, "columns": [], "X": [], "categories": []}
        columns = {}
        for col in df.columns:
            columns[col] = encode(df[col])
        features = [c for c in df.columns if c != target]
        entry["columns"] = features
        entry["X"] = [[columns[c][0][i] for c in features] for i in range(len(df))]
        entry["categories"] = [columns[c][1] for c in features]
        if target is not None:
            entry["target"] = target
            entry["y"] = columns[target][0]
            entry["target_classes"] = columns[target][1]
        out[name] = entry
    path = HERE / "csv_reference.json"
    path.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
