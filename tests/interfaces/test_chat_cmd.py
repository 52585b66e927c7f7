"""`incabin chat` through the real console entry point (plain commands, so the
scripted stand-in model is never asked)."""

import argparse
import importlib.metadata
import json
import os
import signal
import subprocess
import sys

import pytest

from incabin.interfaces.chat_cmd import make_assistant
from incabin.llm._embedded import EmbeddedModel
from incabin.profile import SavedPlace, open_profiles


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


# Bytes that are not UTF-8, as a terminal with another encoding or a broken paste sends
# them: Python passes them on as lone surrogates ("\udcff"), which crashed printing the
# reply or the profile store. They are refused with a message, and nothing is stored.
UTF8_TERMINAL = {"LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8", "PYTHONUTF8": "0"}


def incabin_bytes(*args, stdin=b""):
    """Run the CLI with raw bytes in its arguments and input, as a UTF-8 terminal would."""
    env = {**os.environ, **UTF8_TERMINAL}
    return subprocess.run([sys.executable, "-m", "incabin.interfaces.cli", *args], input=stdin,
                          capture_output=True, timeout=120, check=False, env=env)


def test_once_with_bytes_that_are_not_utf8_is_refused_and_stores_nothing(tmp_path):
    profiles = f"sqlite:///{tmp_path / 'profiles.sqlite'}"
    open_profiles(profiles).switch("driver").set("places.home", "Pasila")
    result = incabin_bytes("chat", "--once", b"remember my home is Kamppi \xff", "--json",
                           "--llm", "scripted", "--profiles", profiles)
    stderr = result.stderr.decode()
    assert result.returncode == 2 and result.stdout == b""
    assert "--once holds bytes that are not utf-8 text (character 28)" in stderr
    assert "Traceback" not in stderr
    assert open_profiles(profiles).switch("driver").get("places.home") == SavedPlace("Pasila")


def test_driver_name_with_bytes_that_are_not_utf8_is_refused(tmp_path):
    profiles = f"sqlite:///{tmp_path / 'profiles.sqlite'}"
    result = incabin_bytes("chat", "--once", "set 21 degrees", "--driver", b"Lin\xff",
                           "--llm", "scripted", "--profiles", profiles)
    stderr = result.stderr.decode()
    assert result.returncode == 2
    assert "--driver holds bytes that are not utf-8 text" in stderr and "Traceback" not in stderr
    assert open_profiles(profiles).drivers() == []


def test_interactive_line_that_is_not_utf8_is_refused_and_the_chat_goes_on():
    result = incabin_bytes("chat", "--llm", "scripted", "--profiles", "guest",
                           stdin="open the trunk \xff\nopen the trunk\n".encode("latin-1"))
    stdout, stderr = result.stdout.decode(), result.stderr.decode()
    assert result.returncode == 0, stderr
    assert "(error: that line holds bytes that are not utf-8 text (character 16)" in stdout
    assert stdout.count("The trunk is open.") == 1 and "Traceback" not in stderr


def test_exit_ends_the_chat_and_is_not_sent_to_the_model():
    result = incabin("chat", "--llm", "scripted", "--profiles", "guest",
                     stdin="open the trunk\nexit\nclose the trunk\n")
    assert result.returncode == 0, result.stderr
    assert "The trunk is open." in result.stdout and "closed" not in result.stdout


def test_ctrl_c_at_the_prompt_ends_the_chat_without_a_traceback():
    chat = subprocess.Popen([sys.executable, "-m", "incabin.interfaces.cli", "chat", "--llm",
                             "scripted", "--profiles", "guest"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert chat.stdout.readline().startswith("incabin —")  # the prompt is up
    chat.send_signal(signal.SIGINT)
    stdout, stderr = chat.communicate(timeout=60)
    assert chat.returncode == 0 and "Traceback" not in stderr


def test_no_arguments_print_help_and_version_prints_the_version():
    result = incabin()
    assert result.returncode == 0 and "usage: incabin" in result.stdout
    assert all(command in result.stdout for command in ("chat", "eval", "drive", "serve"))
    version = incabin("--version")
    assert version.returncode == 0
    assert version.stdout.strip() == f"incabin {importlib.metadata.version('incabin')}"


def test_library_log_lines_only_with_verbose():
    # A manual question builds the bm25s index, which logs at DEBUG.
    quiet = incabin("chat", "--once", "how do I check the tyre pressure", "--llm", "scripted",
                    "--profiles", "guest")
    assert quiet.returncode == 0, quiet.stderr
    assert "tyre pressure" in quiet.stdout.lower(), quiet.stdout
    assert "bm25s" not in quiet.stderr and "DEBUG" not in quiet.stderr, quiet.stderr
    verbose = incabin("-v", "chat", "--once", "how do I check the tyre pressure", "--llm",
                      "scripted", "--profiles", "guest")
    assert "DEBUG:" in verbose.stderr, verbose.stderr


@pytest.mark.llm
def test_a_plain_command_never_loads_the_model():
    args = argparse.Namespace(llm="embedded:0.5b", vehicle=None, driver="driver",
                              profiles="guest")
    assistant = make_assistant(args)
    try:
        reply = assistant.send("set 21 degrees")
        assert reply.act == "done" and "21" in reply.text
        assert isinstance(assistant.model, EmbeddedModel) and not assistant.model.loaded
    finally:
        assistant.close()
