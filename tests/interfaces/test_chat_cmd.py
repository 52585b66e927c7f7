"""`incabin chat` through the real console entry point (plain commands, so the
scripted stand-in model is never asked)."""

import json
import subprocess
import sys


def incabin(*args, stdin=""):
    return subprocess.run([sys.executable, "-m", "incabin.interfaces.cli", *args], input=stdin,
                          capture_output=True, text=True, timeout=120, check=False)


def test_once_json_shows_text_agent_act_and_actions(tmp_path):
    result = incabin("chat", "--once", "set 21 degrees", "--json", "--llm", "scripted",
                     "--profiles", "guest")
    assert result.returncode == 0, result.stderr
    reply = json.loads(result.stdout)
    assert reply["act"] == "done" and reply["agent"] == "car_genius"
    assert reply["actions"][0]["tool"] == "set_temperature" and reply["actions"][0]["ok"]
    assert "21" in reply["text"]


def test_interactive_session_streams_replies_until_end_of_input():
    result = incabin("chat", "--llm", "scripted", "--profiles", "guest",
                     stdin="open the trunk\n打开空调\n")
    assert result.returncode == 0, result.stderr
    assert "The trunk is open." in result.stdout and "[car_genius, done]" in result.stdout
    assert "空调已打开" in result.stdout


def test_bad_backend_is_a_clear_error():
    result = incabin("chat", "--once", "hi", "--llm", "nonsense:backend")
    assert result.returncode == 2
    assert "incabin:" in result.stderr and "Traceback" not in result.stderr
