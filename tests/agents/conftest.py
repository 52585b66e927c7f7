"""Assistants on the real simulator and profile layer, with a scripted model
standing in for the LLM (these tests are about the tool loop and dialogue, not
about what a model would choose)."""

import pytest

from incabin.agents import Assistant
from incabin.llm import Message, ScriptedModel, ToolCall
from incabin.travel import Atlas


@pytest.fixture
def model():
    return ScriptedModel()


@pytest.fixture
def assistant(model):
    a = Assistant.create(model, "sim", profiles="guest")
    yield a
    a.close()


# --- the real map (Travel Companion and source-of-fact tests) -------------------------

LAT, LON = "Vehicle.CurrentLocation.Latitude", "Vehicle.CurrentLocation.Longitude"
SOC = "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current"


@pytest.fixture(scope="module")
def atlas():
    return Atlas.default()


@pytest.fixture
def assistant_on_map(model, atlas):
    """Like ``assistant``, with the real map (Helsinki OSM and the modelled corridors)."""
    a = Assistant.create(model, "sim", profiles="guest", atlas=lambda: atlas)
    yield a
    a.close()


def propose(model, name, **arguments):
    """Script ``model`` to propose one tool call next."""
    model.add(Message("assistant", tool_calls=(ToolCall(name, arguments),)))
