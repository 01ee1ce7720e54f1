"""Write the hostile standard and mapping files of the corpus (run once; the files are committed).

    python tests/corpus/build_standards_corpus.py

Every file is named ``std_*``; `cases_standards.yaml` beside this script says, for each, the
arguments of `mdpoverty classify`, the exit code and what the message must say. Most standards
are small overlays that `extends: vn-2022-2025` and change one thing. Files that would be large
(over a megabyte, an `extends` chain of 300) are made by the tests instead.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent / "files"

OVERLAY = """\
format_version: 1
id: {id}
version: "1"
title: {{vi: Chuẩn thử, en: Test standard}}
jurisdiction: {{level: provincial, province: Quảng Ninh}}
extends: {extends}
valid_from: 2022-01-01
references:
  - {{id: r, title: a test}}
"""


def overlay(sid: str, extends: str = "vn-2022-2025", rest: str = "") -> str:
    return OVERLAY.format(id=sid, extends=extends) + rest


def indicator(when: str) -> str:
    """An overlay body that replaces the employment indicator's rule with `when`."""
    return (
        "indicators:\n"
        "  - id: employment\n"
        "    dimension: employment\n"
        "    label: {vi: Việc làm, en: Employment}\n"
        f"    deprived_when: {when}\n"
        "    status: unverified\n"
        "    reference: [r]\n"
    )


def put(name: str, content: str | bytes) -> None:
    assert name.startswith("std_"), name
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    assert len(data) < 100_000, f"{name}: large hostile files are made by the tests"
    (HERE / name).write_bytes(data)


def main() -> None:
    # extends: a relative path is read from the folder of the file that says it
    put("std_extends_parent.yaml", overlay("std-parent"))
    put("std_extends_relative.yaml", overlay("std-child", "std_extends_parent.yaml"))
    put("std_extends_missing.yaml", overlay("std-orphan", "std_nowhere.yaml"))
    put("std_extends_cycle_a.yaml", overlay("std-cycle-a", "std_extends_cycle_b.yaml"))
    put("std_extends_cycle_b.yaml", overlay("std-cycle-b", "./std_extends_cycle_a.yaml"))
    put("std_extends_self.yaml", overlay("std-self", "std_extends_self.yaml"))
    for i in range(10):  # a chain of ten: two over the limit
        parent = f"std_extends_chain_{i + 1}.yaml" if i < 9 else "vn-2022-2025"
        put(f"std_extends_chain_{i}.yaml", overlay(f"std-chain-{i}", parent))

    # numbers and dates
    put(
        "std_param_beyond_64_bits.yaml",
        overlay(
            "std-big",
            rest="parameters:\n  income_line:\n    unit: VND/person/month\n    status: news\n"
            "    reference: [r]\n    by: area\n"
            "    values: {rural: 99999999999999999999999, urban: 2600000}\n",
        ),
    )
    put(
        "std_param_many_decimals.yaml",
        overlay(
            "std-decimals",
            rest="parameters:\n  dependents_share_max:\n    unit: share\n    status: news\n"
            "    reference: [r]\n    value: 0.1234567\n",
        ),
    )
    put("std_impossible_date.yaml", overlay("std-date").replace("2022-01-01", "2022-02-30"))
    put("std_number_60_digits.yaml", overlay("std-digits", rest=f"notes: {'9' * 60}.5\n"))
    put("std_infinite_number.yaml", overlay("std-inf", rest="notes: .inf\n"))

    # expressions
    put(
        "std_parens_300.yaml",
        overlay("std-parens", rest=indicator("(" * 300 + "dependents >= 1" + ")" * 300)),
    )
    put(
        "std_sum_3000.yaml",
        overlay("std-sum", rest=indicator(" + ".join(["dependents"] * 3000) + " > 0")),
    )
    put(
        "std_sum_40.yaml",
        overlay("std-sum-40", rest=indicator(" + ".join(["dependents"] * 40) + " > 0")),
    )
    put(
        "std_terms_101.yaml",
        overlay("std-terms", rest=indicator("min(" + ", ".join(["1"] * 101) + ") > 0")),
    )
    put(
        "std_min_20_arguments.yaml",
        overlay(
            "std-min-20",
            rest=indicator(
                "min(" + ", ".join(f"working_age_unemployed + {i}" for i in range(20)) + ") >= 1"
            ),
        ),
    )
    put(
        "std_min_20_fractions.yaml",
        overlay(
            "std-min-fractions",
            rest=indicator(
                "min("
                + ", ".join(f"working_age_unemployed / household_size + {i}" for i in range(20))
                + ") > 0"
            ),
        ),
    )
    put(
        "std_nested_min.yaml",
        overlay(
            "std-nested-min",
            rest=indicator("min(dependents / household_size, " * 6 + "1" + ")" * 6 + " > 0"),
        ),
    )

    # YAML
    put(
        "std_yaml_nested_900.yaml",
        overlay("std-deep", rest="notes: " + "[" * 900 + "]" * 900 + "\n"),
    )
    laughs = "".join(
        f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}" if i else "lol"] * 10) + "]\n" for i in range(10)
    )
    put("std_billion_laughs.yaml", laughs + overlay("std-laughs"))
    put("std_alias_self.yaml", overlay("std-alias", rest="notes: &n [*n]\n"))
    put("std_two_documents.yaml", overlay("std-two") + "---\n" + overlay("std-three"))
    put(
        "std_python_tag.yaml",
        overlay("std-tag", rest="notes: !!python/object/apply:os.system ['echo hi']\n"),
    )
    put("std_key_not_text.yaml", overlay("std-key", rest="? [a, b]\n: c\n"))
    put(
        "std_wrong_types.yaml",
        overlay("std-types", rest="indicators: {employment: x}\nclasses: 5\ncolumns: [a]\n"),
    )
    put(
        "std_markup_key.yaml",
        overlay("std-markup", rest="'[/x]': 1\n'[link=http://example.com]y': 2\n"),
    )
    put(
        "std_not_utf8.yaml",
        overlay("std-latin").encode("utf-8") + "notes: caf\xe9\n".encode("latin-1"),
    )

    # --columns mapping files (for ok_mapped_headers.csv: headers ID, KV, NK, TN)
    mapping = "ID: household_id\nKV: area\nNK: household_size\nTN: income_per_capita_month\n"
    put("std_map_list_value.yaml", mapping.replace("TN: income_per_capita_month", "TN: [a, b]"))
    put("std_map_null_value.yaml", mapping.replace("KV: area", "KV: ~"))
    put("std_map_date_value.yaml", mapping.replace("NK: household_size", "NK: 2022-02-30"))
    put("std_map_typo.yaml", mapping.replace("income_per_capita_month", "income_per_capita_mont"))
    put("std_map_laughs.yaml", laughs + mapping)
    put("std_map_nested.yaml", mapping + "deep: " + "{a: " * 900 + "b" + "}" * 900 + "\n")
    put("std_map_duplicate.yaml", mapping + "KV: area\n")


if __name__ == "__main__":
    main()
