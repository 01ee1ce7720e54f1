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
            weight = exact_fraction(ind.weight, percent=False)
        except ValueError as exc:
            raise WeightError(
                f"weight: {exc}",
                f"indicators[{i}].weight",
                key="standard.weight_not_exact",
                params={"reason": exc.args[0]},
            ) from None
        if weight <= 0 or weight > 1:
            raise WeightError(
                f"a weight is more than 0 and at most 1, not {fraction_text(weight)}",
                f"indicators[{i}].weight",
                key="standard.weight_range",
                params={"value": fraction_text(weight)},
            )
        weights[ind.id] = weight
    total = sum(weights.values(), Fraction(0))
    if total != 1:
        raise WeightError(
            f"the weights add up to {fraction_text(total)}, not exactly 1",
            "indicators",
            key="standard.weights_total",
            params={"total": fraction_text(total)},
        )
    return weights


def check_k(value: object, path: str = "k") -> Fraction:
    """k as an exact fraction in (0, 1]; raises WeightError."""
    try:
        k = exact_fraction(value)
    except ValueError as exc:
        raise WeightError(
            f"k: {exc}", path, key="standard.k_not_exact", params={"reason": exc.args[0]}
        ) from None
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
