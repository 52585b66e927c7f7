"""The agents layer: Car Genius and Travel Companion behind one Assistant.

    from incabin.agents import Assistant
    a = Assistant.create(llm="embedded", vehicle="sim")
    reply = a.send("I'm cold")
"""

from incabin.agents._errors import (
    AgentError,
    CapabilityError,
    InvalidRequest,
    InvalidSessionState,
    InvalidToolCall,
    ScenarioError,
    UnknownTool,
)
from incabin.agents._models import Act, Action, AgentName, Reply
from incabin.agents.assistant import Assistant
from incabin.agents.router import route
from incabin.agents.scenarios import (
    Scenario,
    ScenarioResult,
    load_scenarios,
    run_scenario,
    scenario_assistant_factory,
)

__all__ = [
    "Act",
    "Action",
    "AgentError",
    "AgentName",
    "Assistant",
    "CapabilityError",
    "InvalidRequest",
    "InvalidSessionState",
    "InvalidToolCall",
    "Reply",
    "Scenario",
    "ScenarioError",
    "ScenarioResult",
    "UnknownTool",
    "load_scenarios",
    "route",
    "run_scenario",
    "scenario_assistant_factory",
]
