"""The JSGF grammar of plain spoken commands for pocketsphinx, written from the English
rules of :mod:`incabin.agents.fast_path` so that every sentence it allows is one the fast
path executes without the model (the tests check this by sampling the grammar).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from incabin.interfaces.voice._text import spell

_SIDE = "driver | passenger | driver's | passenger's | my"
_WHICH = ("driver's | driver | passenger's | passenger | rear left | rear right | back left "
          "| back right | all the | all | my")
_LIGHT = ("low beams | low beam | headlights | headlight | dipped beams | high beams | high beam "
          "| full beams | fog lights | fog light | front fog lights | rear fog lights")

_RULES = {
    "request": "[<polite>] <command> [and <command>] [please]",
    "polite": "please | can you | could you | hey car",
    "command": ("<temperature> | <temperature_change> | <seat> | <climate> | <window> "
                "| <lights> | <closure> | <steering> | <charge_limit> | <lock>"),
    "temperature": ("(set | change | make) [the] [cabin] (temperature | climate) to <temp> "
                    "[degrees] | set it to <temp> [degrees] | <temp> degrees"),
    "temp": " | ".join(f"{spell(n)} [point five]" for n in range(16, 33)),
    "temperature_change": ("[make it] (a | one | two | three) (degree | degrees) "
                           "(warmer | cooler | higher | lower | up | down) "
                           "| [make it] [a bit | a little] (warmer | cooler)"),
    "seat": (f"[turn on] [the] [{_SIDE}] seat (heating | heater) [[to] <level>] "
             f"| turn (on | off) [the] [{_SIDE}] seat (heating | heater) "
             "| heat (my | the) [driver | passenger] seat"),
    "level": "off | low | medium | high | max | maximum | full",
    "climate": ("turn (on | off) [the] (a c | air conditioning) | (a c | air conditioning) (on | off) "
                "| turn on [the] [front] defrost | defrost the windshield"),
    "window": (f"(open | close) [the] [{_WHICH}] (window | windows) "
               f"| open [the] [{_WHICH}] window [to] <percent> percent"),
    "percent": " | ".join(spell(n) for n in range(10, 101, 10)),
    "lights": f"turn (on | off) [the] ({_LIGHT})",
    "closure": ("(open | close) [the] (trunk | boot | tailgate | sunroof) "
                "| open [the] (hood | bonnet | charge port | charging port | charging flap)"),
    "steering": "turn (on | off) [the] steering wheel (heating | heater) | heat the steering wheel",
    "charge_limit": "[set [the]] charge limit [to] <limit> [percent]",
    "limit": " | ".join(spell(n) for n in range(50, 101, 5)),
    "lock": "lock [the] (car | doors)",
}


def jsgf() -> str:
    """The grammar as JSGF text, ``<request>`` public."""
    lines = ["#JSGF V1.0;", "grammar incabin;"]
    for name, body in _RULES.items():
        lines.append(f"{'public ' if name == 'request' else ''}<{name}> = {body};")
    return "\n".join(lines) + "\n"


def vocabulary() -> set[str]:
    """Every word the grammar can produce."""
    return {w for body in _RULES.values() for w in re.findall(r"[a-z']+", body)}


@dataclass
class _Sampler:
    """Draws random sentences from the subset of JSGF used here: ``|``, ``( )``, ``[ ]``,
    ``<rule>``."""

    rng: random.Random

    def rule(self, name: str) -> list[str]:
        return self._alternatives(_tokens(_RULES[name]), 0)[0]

    def _alternatives(self, toks: list[str], pos: int) -> tuple[list[str], int]:
        choices: list[list[str]] = []
        seq: list[str] = []
        while pos < len(toks) and toks[pos] not in (")", "]"):
            if toks[pos] == "|":
                choices.append(seq)
                seq, pos = [], pos + 1
                continue
            words, pos = self._item(toks, pos)
            seq += words
        choices.append(seq)
        return self.rng.choice(choices), pos

    def _item(self, toks: list[str], pos: int) -> tuple[list[str], int]:
        tok = toks[pos]
        if tok in ("(", "["):
            words, pos = self._alternatives(toks, pos + 1)
            if tok == "[" and self.rng.random() < 0.5:
                words = []
            pos += 1
        elif tok.startswith("<"):
            words, pos = self.rule(tok[1:-1]), pos + 1
        else:
            words, pos = [tok], pos + 1
        return words, pos


def _tokens(body: str) -> list[str]:
    return re.findall(r"<[a-z_]+>|[()\[\]|]|[a-z']+", body)


def sample_commands(n: int, seed: int = 0) -> list[str]:
    """``n`` random sentences the grammar accepts as commands (tests check the fast path
    takes each one)."""
    sampler = _Sampler(random.Random(seed))
    return [" ".join(sampler.rule("request")) for _ in range(n)]
