"""Interactive teaching app: a Mesa SolaraViz page of the organisation model.

    solara run teaching/app.py          # or: make app

Choose a policy, set the main levers and the seed, then Reset, Step or Play. Live plots show mean
capability, the Gini of capability between units and the share of units left behind; the unit view
shows every unit's capability (bars, sorted by capability at the start, weakest on the left) and the
leadership attention it received this month (colour), so the Matthew effect can be watched as it
happens. Visualization code lives here only: the model and the experiment entry points never import
it.
"""

from __future__ import annotations

import numpy as np
import solara
from matplotlib import colormaps
from matplotlib.figure import Figure
from mesa.visualization import SolaraViz, make_plot_component
from mesa.visualization.utils import update_counter

from simulation import POLICY_NAMES, ModelParams, OrganisationModel

DEFAULTS = ModelParams()


class TeachingModel(OrganisationModel):
    """The organisation model with the few settings a workshop changes, and a seed typed in the page."""

    def __init__(
        self,
        policy: str = "silos",
        seed: int | str = 42,
        n_units: int = 30,
        attention_budget: float = DEFAULTS.attention_budget,
        annual_turnover: float = DEFAULTS.annual_turnover,
        leadership_skill: float = DEFAULTS.leadership_skill,
        training_places: float = DEFAULTS.training_places,
    ):
        try:
            seed = int(seed)
        except (TypeError, ValueError):
            seed = 42  # a seed that is not a whole number falls back to the default
        super().__init__(
            policy=policy,
            rng=abs(seed),
            n_units=int(n_units),
            attention_budget=float(attention_budget),
            annual_turnover=float(annual_turnover),
            leadership_skill=float(leadership_skill),
            training_places=float(training_places),
        )


MODEL_PARAMS = {
    "policy": {"type": "Select", "value": "silos", "values": list(POLICY_NAMES), "label": "Policy"},
    "seed": {"type": "InputText", "value": 42, "label": "Seed"},
    "n_units": {"type": "SliderInt", "value": 30, "min": 8, "max": 80, "step": 2, "label": "Units"},
    "attention_budget": {
        "type": "SliderFloat",
        "value": DEFAULTS.attention_budget,
        "min": 0.05,
        "max": 1.5,
        "step": 0.05,
        "label": "Leadership attention per unit per month",
    },
    "annual_turnover": {
        "type": "SliderFloat",
        "value": DEFAULTS.annual_turnover,
        "min": 0.0,
        "max": 0.4,
        "step": 0.01,
        "label": "Staff turnover per year",
    },
    "leadership_skill": {
        "type": "SliderFloat",
        "value": DEFAULTS.leadership_skill,
        "min": 0.0,
        "max": 1.0,
        "step": 0.05,
        "label": "Senior leaders' skill at nurturing",
    },
    "training_places": {
        "type": "SliderFloat",
        "value": DEFAULTS.training_places,
        "min": 0.0,
        "max": 0.5,
        "step": 0.05,
        "label": "Training places per unit per month",
    },
}


@solara.component
def Summary(model: TeachingModel):
    """Plain-language state of the organisation this month."""
    update_counter.get()
    out = model.outputs
    solara.Text(
        f"Policy: {model.params.policy.replace('_', ' ')} · month {model.steps} · "
        f"mean capability {out['mean_capability']:.2f} · units left behind {out['share_left_behind']:.0%} · "
        f"projects succeeded {out['cumulative_succeeded']}"
    )


@solara.component
def UnitView(model: TeachingModel):
    """Every unit's capability (bar) and the attention it received this month (colour)."""
    update_counter.get()
    state = model.unit_state
    order = np.argsort(state.initial_capability, kind="stable")
    capability = state.capability.mean(axis=0)[order]
    attention = state.attention[order]
    figure = Figure(figsize=(7.5, 3.0), layout="constrained")
    ax = figure.subplots()
    scale = max(float(attention.max()), 1e-9)
    ax.bar(np.arange(order.size), capability, color=colormaps["viridis"](attention / scale))
    ax.set_ylim(0, 1)
    ax.set_xlabel("units, weakest at the start on the left")
    ax.set_ylabel("capability (0-1)")
    ax.set_title(f"Units this month (colour: attention received, brightest = {scale:.2f} support units)", fontsize=9)
    solara.FigureMatplotlib(figure)


components = [
    Summary,
    make_plot_component("mean_capability"),
    make_plot_component("gini_capability"),
    make_plot_component("share_left_behind"),
    UnitView,
]

model = TeachingModel()
page = SolaraViz(model, components=components, model_params=MODEL_PARAMS, name="Improvement capacity")
