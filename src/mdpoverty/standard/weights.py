"""The Alkire-Foster side of a standard: the indicators' weights and the poverty cut-off k.

Weights are exact fractions. Without weights in the file, each dimension that has indicators gets
an equal share, split equally among its indicators (the nested weights of the global MPI); with
weights, every indicator has one and they add up to exactly 1. k is a share of the weighted
deprivation score, 0 < k <= 1.
"""

from __future__ import annotations

from fractions import Fraction

from ..exact import exact_fraction, fraction_text
from .model import Standard


class WeightError(ValueError):
    """A problem with the weights or k, at a YAML path of the standard; `key` and `params`
    say it in another language (`messages.VI`), as a domain error's do."""

    def __init__(self, message: str, path: str, *, key: str, params: dict[str, object]) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.key = key
        self.params = params


def default_weights(model: Standard) -> dict[str, Fraction]:
    """Equal weights nested by dimension: 1 / (dimensions with indicators) / (its indicators)."""
    per_dimension: dict[str, list[str]] = {}
    for ind in model.indicators:
        per_dimension.setdefault(ind.dimension, []).append(ind.id)
    share = Fraction(1, len(per_dimension))
    return {
        ind_id: share / len(members) for members in per_dimension.values() for ind_id in members
    }


def indicator_weights(model: Standard) -> dict[str, Fraction]:
    """Each indicator's weight, in the standard's order; raises WeightError."""
    given = [ind for ind in model.indicators if ind.weight is not None]
    if not given:
        weights = default_weights(model)
        return {ind.id: weights[ind.id] for ind in model.indicators}
    if len(given) != len(model.indicators):
        without = [i for i, ind in enumerate(model.indicators) if ind.weight is None]
        names = ", ".join(model.indicators[i].id for i in without)
        raise WeightError(
            f"some indicators have a weight and {len(without)} do not ({names}): give every "
            "indicator a weight, or none for the default (equal weights nested by dimension)",
            f"indicators[{without[0]}]",
            key="standard.weights_some",
            params={"count": len(without), "ids": names},
        )
    weights: dict[str, Fraction] = {}
    for i, ind in enumerate(model.indicators):
        try:
            # a percentage is taken exactly as written, as k's is: 16.67% is 1667/10000
            weight = exact_fraction(ind.weight)
        except ValueError as exc:
            # the YAML path names the key already: the reason alone, never "weight: weight:"
            raise WeightError(
                str(exc),
                f"indicators[{i}].weight",
                key="standard.weight_not_exact",
                params={"reason": exc.args[0]},
            ) from None
        weights[ind.id] = weight
    written = ", ".join(f"{ind.id} {_written(ind.weight)}" for ind in model.indicators)
    total = sum(weights.values(), Fraction(0))
    if any(w > 1 for w in weights.values()) and all(w > 0 for w in weights.values()):
        # relative weights (3, 3, 1... as national MPI documents give them): say how to share
        shown = fraction_text(total)
        raise WeightError(
            f"weights are shares of 1, and these are relative weights adding up to {shown} "
            f"({written}): divide each by {shown} (a weight of 1 is then 1/{shown})",
            "indicators",
            key="standard.weights_relative",
            params={"total": shown, "weights": written},
        )
    for i, weight in enumerate(weights.values()):
        if weight < 0:
            raise WeightError(
                f"a weight is more than 0 and at most 1: {fraction_text(weight)} is negative",
                f"indicators[{i}].weight",
                key="standard.weight_negative",
                params={"value": fraction_text(weight)},
            )
        if weight <= 0 or weight > 1:
            raise WeightError(
                f"a weight is more than 0 and at most 1, not {fraction_text(weight)}",
                f"indicators[{i}].weight",
                key="standard.weight_range",
                params={"value": fraction_text(weight)},
            )
    if total != 1:
        difference = total - 1
        places = _places(difference)
        more = "more" if difference > 0 else "less"
        raise WeightError(
            f"the weights add up to {fraction_text(total)} ({_decimal(total, places)}), "
            f"{_decimal(abs(difference), places)} {more} than exactly 1: {written}",
            "indicators",
            key="standard.weights_total",
            params={
                "total": fraction_text(total),
                "decimal": _decimal(total, places),
                "difference": _decimal(abs(difference), places),
                "more": difference > 0,
                "weights": written,
            },
        )
    return weights


def _written(value: object) -> str:
    """A weight as the file writes it (a YAML number read as a Decimal, as its digits)."""
    return str(value).strip()


def _places(difference: Fraction) -> int:
    """Decimal places that show a difference from 1 with three significant digits (at least
    four places, at most 20: a tiny difference is still said, as its fraction)."""
    places = 4
    while places < 20 and abs(difference) * 10 ** (places - 2) < 1:
        places += 1
    return places


def _decimal(value: Fraction, places: int) -> str:
    """`value` rounded to `places` decimals, written out (never 1e-05)."""
    scaled = round(value * 10**places)
    sign = "-" if scaled < 0 else ""
    whole, part = divmod(abs(scaled), 10**places)
    return f"{sign}{whole}.{part:0{places}d}"


def check_k(value: object, path: str = "k") -> Fraction:
    """k as an exact fraction in (0, 1]; raises WeightError."""
    try:
        k = exact_fraction(value)
    except ValueError as exc:
        raise WeightError(
            str(exc),  # the path is 'k' already: no 'k: k:'
            path,
            key="standard.k_not_exact",
            params={"reason": exc.args[0]},
        ) from None
    if k < 0:
        raise WeightError(
            f"k is a share of the weighted deprivation score, more than 0 and at most 1: "
            f"{fraction_text(k)} is negative",
            path,
            key="standard.k_negative",
            params={"value": fraction_text(k)},
        )
    if k <= 0 or k > 1:
        raise WeightError(
            f"k is a share of the weighted deprivation score, more than 0 and at most 1, "
            f"not {fraction_text(k)}",
            path,
            key="standard.k_range",
            params={"value": fraction_text(k)},
        )
    return k


def file_k(model: Standard) -> Fraction | None:
    """The cut-off k the standard file sets, if any."""
    return None if model.k is None else check_k(model.k)


def check(model: Standard) -> None:
    """Weights and k, checked when the file loads; raises WeightError."""
    indicator_weights(model)
    file_k(model)
