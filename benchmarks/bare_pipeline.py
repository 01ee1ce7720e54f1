"""The reference the issue measures against: a bare polars pipeline, no validation.

Scan the canonical CSV (or Parquet) with polars' type inference, compute the 12 indicators and the
2022-2025 class with hand-written expressions, sink the result. What mdpoverty adds on top of this
(parsing every cell as text with reasons, rejects, exact decimals, summary, several outputs) is
what the ratio in benchmarks/README.md prices.

    python benchmarks/bare_pipeline.py INPUT OUTPUT
"""

from __future__ import annotations

import sys

import polars as pl


def main(src: str, dst: str) -> None:
    lf = pl.scan_parquet(src) if src.endswith(".parquet") else pl.scan_csv(src)
    c = pl.col
    line = pl.when(c("area") == "rural").then(1_500_000).otherwise(2_000_000)
    top = pl.when(c("area") == "rural").then(2_250_000).otherwise(3_000_000)
    indicators = {
        "employment": c("working_age_unemployed") >= 1,
        "dependents": c("dependents") * 2 > c("household_size"),
        "nutrition": c("children_under16_malnourished") >= 1,
        "health_insurance": c("members_6plus_without_health_insurance") >= 1,
        "adult_education": c("members_16_30_lacking_education") >= 1,
        "child_schooling": c("children_3_15_not_in_school") >= 1,
        "housing_quality": c("non_durable_main_structures") >= 2,
        "housing_area": c("floor_area_m2") < 8 * c("household_size"),
        "water": ~c("safe_water"),
        "sanitation": ~c("sanitary_latrine"),
        "telecom": ~c("uses_internet"),
        "information_assets": ~c("has_information_device"),
    }
    lf = lf.with_columns(expr.alias(f"d_{name}") for name, expr in indicators.items())
    count = pl.sum_horizontal(c(f"d_{n}").cast(pl.UInt8) for n in indicators)
    income = c("income_per_capita_month")
    lf = lf.with_columns(count.alias("deprivation_count")).with_columns(
        pl.when((income <= line) & (c("deprivation_count") >= 3))
        .then(pl.lit("poor"))
        .when(income <= line)
        .then(pl.lit("near_poor"))
        .when(income <= top)
        .then(pl.lit("average"))
        .otherwise(pl.lit("not_poor"))
        .alias("class"),
        line.alias("income_line"),
    )
    lf = lf.drop(f"d_{n}" for n in indicators)
    if dst.endswith(".parquet"):
        lf.sink_parquet(dst)
    else:
        lf.sink_csv(dst)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
