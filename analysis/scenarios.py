"""Scenario discovery: which uncertain assumptions decide whether one policy beats another.

Given the sampled worlds of an uncertainty ensemble (one row per world, one column per uncertain
input) and, per world, whether policy X beats policy Y on an outcome, a shallow decision tree
(scikit-learn's ``DecisionTreeClassifier``, depth 2-3, a minimum leaf size, seeded) finds the few
input ranges that separate the worlds where X wins from those where it loses. Each path from the
root to a leaf is a *rule* (a box in input space), as in scenario discovery (Lempert, Groves,
Popper & Bankes 2006, *Management Science* 52:514; Bryant & Lempert 2010, *Technological
Forecasting and Social Change* 77:34), where PRIM is the usual box finder; a depth-limited tree
gives boxes that are as readable and is maintained in scikit-learn (Breiman et al. 1984, CART).
The tree weighs wins and losses equally (``class_weight="balanced"``), so that a rare result still
gets its boxes: a leaf is read as a "loss" box where losses are more common than across all worlds.
Sibling leaves that read the same are merged, so every split left changes a reading.

For each rule: ``coverage`` = the share of all worlds it covers, ``density`` = the share of those
worlds in which X wins, and ``captured`` = the share of all worlds of the rule's class (wins or
losses) that fall inside it. (Bryant & Lempert call ``captured`` the rule's coverage; this module
keeps "coverage" for the share of worlds, which is what a leader's sentence says.)

The rules become sentences (``analysis.wording.scenario_sentences``): "cross unit learning beats
silos on improvement delivered in 71 % of worlds; it loses mainly where the attention budget is
below 0.2 support units per unit (rule covers 18 % of worlds; cross unit learning loses in 90 % of
them)." "Loses" means "does not beat": a tie counts as a loss. Degenerate cases say so rather than
invent a rule: every world one way (no tree), too few worlds, and a tree that tells held-out wins
from losses no better than chance (stratified 5-fold cross-validation repeated 5 times; balanced
accuracy, the mean of the shares of wins and of losses it recognises, 50 % for a guess, must exceed
50 % by ``MIN_GAIN``; otherwise the splits are noise, not a finding).

Display names and units of the inputs come from a mapping the caller passes to the sentences (from the
model's parameter metadata; this package never imports the model): column -> (name, unit).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = [
    "MIN_GAIN",
    "MIN_WORLDS",
    "Discovery",
    "discover",
    "map_points",
    "split_lines",
]

#: Fewer sampled worlds than this and no rule is fitted.
MIN_WORLDS = 20
#: A tree's held-out balanced accuracy must exceed chance (0.5) by this much to count as a finding. With
#: 200 worlds and labels that are pure noise, the estimate has a standard deviation of about 0.03, so
#: 0.1 (three of them) keeps spurious rules rare; a rule that flips 30 % of worlds' results still passes
#: most of the time.
MIN_GAIN = 0.1


@dataclass
class Discovery:
    """What scenario discovery found (``status``: ``"rules"``, ``"no_signal"``, ``"uniform"`` or
    ``"too_few"``)."""

    status: str
    n_worlds: int
    share: float  # share of worlds where X beats Y
    inputs: list[str]
    rules: pd.DataFrame  # one row per leaf: conditions, coverage, density, captured, n, predicts_win
    importances: pd.Series  # input -> tree feature importance (sums to 1 when the tree splits)
    deciding: tuple[str, ...] = ()  # the two inputs that matter most (for the scenario map), if rules found
    splits: pd.DataFrame = field(default_factory=pd.DataFrame)  # input, threshold, node, parent path
    cv_balanced_accuracy: float = float("nan")  # held-out: mean of the shares of wins and of losses recognised
    data: pd.DataFrame = field(default_factory=pd.DataFrame)  # the worlds used: inputs and 'wins'
    tree: object = None
    min_worlds: int = MIN_WORLDS


def _align(worlds: pd.DataFrame, wins: pd.Series | Sequence[bool], world: str) -> pd.DataFrame:
    table = worlds.set_index(world) if world in worlds else worlds
    if isinstance(wins, pd.Series):
        joined = table.join(wins.rename("wins"), how="inner")  # a world without a result is dropped below
    else:
        joined = table.assign(wins=np.asarray(wins, dtype=bool))
    return joined


def discover(
    worlds: pd.DataFrame,
    wins: pd.Series | Sequence[bool],
    inputs: Sequence[str] | None = None,
    max_depth: int = 2,
    min_leaf: float | int = 0.05,
    seed: int = 0,
    min_worlds: int = MIN_WORLDS,
    min_gain: float = MIN_GAIN,
    world: str = "world",
) -> Discovery:
    """Fit a shallow tree of ``wins`` (per world: does X beat Y?) on the sampled ``inputs``.

    ``worlds``: one row per world with a ``world`` id column (or index) and the sampled inputs;
    ``wins``: a boolean Series indexed by world id (or a sequence in row order). ``inputs`` defaults
    to every numeric column. ``min_leaf``: the smallest leaf, as a share of worlds (float) or a count
    (int). ``seed`` fixes the tree's tie-breaking and the cross-validation folds.
    """
    data = _align(worlds, wins, world)
    inputs = list(inputs) if inputs is not None else [c for c in data.select_dtypes("number") if c != "replicate"]
    data = data[[*inputs, "wins"]].dropna()
    data["wins"] = data["wins"].astype(bool)
    n, y = len(data), data["wins"].to_numpy(dtype=bool)
    share = float(y.mean()) if n else float("nan")
    empty = pd.Series(0.0, index=inputs)
    common = {
        "min_worlds": min_worlds,
        "n_worlds": n,
        "share": share,
        "inputs": inputs,
        "importances": empty,
        "data": data,
    }
    if n < min_worlds:
        return Discovery("too_few", rules=pd.DataFrame(), **common)
    if y.all() or not y.any():
        return Discovery("uniform", rules=pd.DataFrame(), **common)
    from sklearn.model_selection import RepeatedStratifiedKFold, cross_val_score  # scikit-learn only when used
    from sklearn.tree import DecisionTreeClassifier

    x = data[inputs].to_numpy(dtype=float)
    tree = DecisionTreeClassifier(
        max_depth=max_depth, min_samples_leaf=min_leaf, class_weight="balanced", random_state=seed
    ).fit(x, y)
    rules, splits, importances = _rules(tree, data, inputs)
    folds = min(5, int(y.sum()), int((~y).sum()))
    cv = float("nan")
    if folds >= 2:
        splitter = RepeatedStratifiedKFold(n_splits=folds, n_repeats=5, random_state=seed)
        cv = float(np.mean(cross_val_score(tree, x, y, cv=splitter, scoring="balanced_accuracy")))
    found = len(rules) > 1 and np.isfinite(cv) and cv >= 0.5 + min_gain
    order = importances.sort_values(ascending=False, kind="stable").index
    return Discovery(
        "rules" if found else "no_signal",
        rules=rules,
        splits=splits,
        deciding=tuple(order[:2]) if found else (),
        cv_balanced_accuracy=cv,
        tree=tree,
        **{**common, "importances": importances},
    )


def _rules(tree, data: pd.DataFrame, inputs: list[str]) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    """The simplified tree's rules (root-to-leaf paths, measured on ``data``), its splits, and the
    inputs' importances. Two sibling leaves that predict the same result are merged into their parent
    (a split that changes no prediction says nothing); importances are the impurity decreases of the
    splits that remain, normalised to sum to 1 (as scikit-learn's, but without the merged splits)."""
    t = tree.tree_
    y = data["wins"].to_numpy(dtype=bool)
    base = y.mean()
    columns = {name: data[name].to_numpy(dtype=float) for name in inputs}
    splits = []

    def inside(path: tuple) -> np.ndarray:
        mask = np.ones(len(data), dtype=bool)
        for name, op, value in path:
            mask &= columns[name] <= value if op == "<=" else columns[name] > value
        return mask

    def predicts_win(path: tuple) -> bool:  # as the balanced tree: wins over-represented (a tie -> a loss)
        return bool(y[inside(path)].mean() > base)

    def walk(node: int, path: tuple) -> list[tuple]:
        left, right = t.children_left[node], t.children_right[node]
        if left == right:
            return [path]
        name, value = inputs[t.feature[node]], float(t.threshold[node])
        below, above = walk(left, (*path, (name, "<=", value))), walk(right, (*path, (name, ">", value)))
        if len(below) == len(above) == 1 and predicts_win(below[0]) == predicts_win(above[0]):
            return [path]
        gain = t.weighted_n_node_samples[node] * t.impurity[node] - sum(
            t.weighted_n_node_samples[c] * t.impurity[c] for c in (left, right)
        )
        splits.append({"node": node, "input": name, "threshold": value, "path": path, "gain": float(gain)})
        return below + above

    rules = []
    for path in walk(0, ()):
        mask = inside(path)
        wins_leaf = predicts_win(path)
        of_class = y if wins_leaf else ~y
        rules.append(
            {
                "conditions": path,
                "n": int(mask.sum()),
                "coverage": float(mask.mean()),
                "density": float(y[mask].mean()),
                "predicts_win": wins_leaf,
                "captured": float((mask & of_class).sum() / max(of_class.sum(), 1)),
            }
        )
    splits_frame = pd.DataFrame(splits, columns=["node", "input", "threshold", "path", "gain"]).sort_values("node")
    gains = splits_frame.groupby("input")["gain"].sum().reindex(inputs, fill_value=0.0)
    importances = gains / gains.sum() if gains.sum() > 0 else gains
    return pd.DataFrame(rules), splits_frame.reset_index(drop=True), importances


def split_lines(discovery: Discovery, x: str, y: str) -> pd.DataFrame:
    """The tree's splits on ``x`` or ``y`` as line segments for a scenario map: ``axis`` ("x" or
    "y"), ``threshold``, and the segment's extent ``low``/``high`` along the other axis (bounded by
    the ancestors' splits on the other plotted input; +-inf where unbounded). ``partial`` marks a
    split that applies only within a range of an input not on the map."""
    rows = []
    for split in discovery.splits.itertuples():
        if split.input not in (x, y):
            continue
        other = y if split.input == x else x
        low, high = -np.inf, np.inf
        for name, op, value in split.path:
            if name == other and op == "<=":
                high = min(high, value)
            elif name == other:
                low = max(low, value)
        partial = any(name not in (x, y) for name, _, _ in split.path)
        axis = "x" if split.input == x else "y"
        rows.append({"axis": axis, "threshold": split.threshold, "low": low, "high": high, "partial": partial})
    return pd.DataFrame(rows, columns=["axis", "threshold", "low", "high", "partial"])


def map_points(discovery: Discovery, winner: str, loser: str) -> pd.DataFrame:
    """One row per world: its inputs and ``winner`` (``winner`` where X beats Y, else ``loser``)."""
    out = discovery.data.drop(columns="wins").reset_index()
    out["winner"] = np.where(discovery.data["wins"].to_numpy(dtype=bool), winner, loser)
    return out
