"""The explorer's controls: settings with their meaning, value and unit, a scenario's card, a roster upload.

Every label and unit comes from ``simulation.param_info`` through ``teaching.explore`` (never
typed here); only each slider's range and step are the page's own. Every control is a native or
ARIA control that the keyboard reaches (Tab, then arrows or Enter) and a screen reader names: a
slider carries its label as ``aria-label`` and its value with the unit as ``aria-valuetext``.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import reacton.ipyvuetify as rv
import solara
import traitlets
from ipyvuetify.extra import FileInput

from simulation import POLICY_NAMES
from teaching import explore

__all__ = ["RosterInput", "ScenarioCard", "SelectBox", "SettingControl"]

#: The range and step of each slider: (low, high, step). Teaching presets' values lie on these steps.
SLIDERS: dict[str, tuple[float, float, float]] = {
    "attention_budget": (0.05, 1.0, 0.05),
    "leadership_skill": (0.0, 1.0, 0.05),
    "training_places": (0.0, 0.5, 0.05),
    "annual_turnover": (0.0, 0.4, 0.01),
    "contest_exponent": (0.0, 3.0, 0.1),
    "nurture_share": (0.0, 1.0, 0.05),
    "cop_exclusivity": (0.0, 1.0, 0.05),
}


@solara.component
def SelectBox(label: str, value, values: list, on_value: Callable, texts: list[str] | None = None, spoken: str = ""):
    """A drop-down list with a visible label (a ``<label>`` the screen reader reads with it; ``spoken``
    replaces it for the screen reader)."""
    texts = texts or [str(v).replace("_", " ") for v in values]
    items = [{"text": text, "value": v} for text, v in zip(texts, values, strict=True)]
    attributes = {"aria-label": spoken} if spoken else None
    return rv.Select(
        label=label,
        items=items,
        v_model=value,
        on_v_model=on_value,
        dense=True,
        hide_details=True,
        attributes=attributes,
    )


@solara.component
def SettingControl(name: str, value, on_value: Callable, owner: str = ""):
    """One setting: a slider, a switch or a list, labelled with its meaning, value and unit; ``owner``
    (e.g. 'Scenario A') starts the name a screen reader reads, so that A's and B's controls differ."""
    label, shown = explore.setting_label(name), explore.setting_value(name, value)
    spoken = f"{owner}: {label}" if owner else label
    if isinstance(value, bool):
        return rv.Switch(
            label=f"{label}: {shown}",
            v_model=value,
            on_v_model=lambda checked: on_value(bool(checked)),
            dense=True,
            hide_details=True,
            attributes={"aria-label": f"{spoken}: {shown}"},
        )
    if isinstance(value, str):
        return SelectBox(label, value, list(explore.setting_choices(name)), on_value, spoken=spoken)
    low, high, step = SLIDERS[name]
    with solara.Column(gap="0px", classes=["setting"]) as column:
        solara.HTML(
            tag="div",
            unsafe_innerHTML=f"{html.escape(label)}: <b>{html.escape(shown)}</b>",
            classes=["setting-label"],
            attributes={"aria-hidden": "true"},  # the slider itself says both
        )
        rv.Slider(
            v_model=value,
            on_v_model=lambda v: on_value(round(float(v), 6)),
            min=low,
            max=high,
            step=step,
            dense=True,
            hide_details=True,
            attributes={"aria-label": spoken, "aria-valuetext": shown},
        )
    return column


@solara.component
def ScenarioCard(letter: str, scenario: solara.Reactive, other: explore.Scenario):
    """A scenario: its policy preset, what is changed from it, and every setting it can change."""
    now = scenario.value
    label = explore.scenario_labels(now, other)[0] if letter == "A" else explore.scenario_labels(other, now)[1]
    with solara.Card(margin=0, classes=[f"scenario scenario-{letter.lower()}"]) as card:
        rv.Html(tag="h2", class_="scenario-title", children=[f"Scenario {letter}: {label}"])
        SelectBox(
            f"Scenario {letter}: policy",
            now.policy,
            list(POLICY_NAMES),
            lambda policy: scenario.set(scenario.value.with_policy(policy)),
        )
        changed = ", ".join(f"{k.replace('_', ' ')} {explore.setting_value(k, v)}" for k, v in now.changes)
        solara.Text(f"Changed from the preset: {changed or 'nothing'}", classes=["changed"])
        with solara.Details(summary=f"Scenario {letter}: change its settings"):
            values = now.values()
            for name in explore.SCENARIO_FIELDS:
                SettingControl(
                    name,
                    values[name],
                    lambda value, name=name: scenario.set(scenario.value.change(name, value)),
                    owner=f"Scenario {letter}",
                )
    return card


class CsvInput(FileInput):
    """ipyvuetify's file input (a real ``<input type=file>``, keyboard-reachable), with a label."""

    template = traitlets.Unicode(
        FileInput.template.default_value.replace("<v-file-input", '<v-file-input :label="label" dense', 1)
    ).tag(sync=True)
    label = traitlets.Unicode().tag(sync=True)


@solara.component
def RosterInput(on_file: Callable[[str, bytes], None], label: str = "Your own organisation: upload a roster (CSV)"):
    """Choose a CSV file; ``on_file(name, data)`` is called with its content (wired as ``solara.FileDrop``)."""
    info, set_info = solara.use_state(None)
    files, set_files = solara.use_state(None)
    element = CsvInput.element(label=label, accept=".csv,text/csv", multiple=False, on_file_info=set_info)

    def wire():
        if info:
            widget = solara.get_widget(element)
            widget.version += 1
            widget.reset_stats()
            set_files(widget.get_files())

    solara.use_effect(wire, [info])

    def read(cancel):
        if files:
            on_file(files[0]["name"], files[0]["file_obj"].read())

    result = solara.use_thread(read, [files])
    if result.error:
        raise result.error
    return element
