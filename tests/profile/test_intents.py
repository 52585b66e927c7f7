"""Privacy requests: forgetting and "what do you know about me?"."""

from __future__ import annotations

import pytest

from incabin.profile import CATALOGUE, forget_request, is_profile_question


@pytest.mark.parametrize(("text", "keys"), [
    ("forget my home address", ("places.home",)),
    ("Please forget where I live", ("places.home",)),
    ("delete my work address and my diet", ("food.diet", "places.work")),
    ("forget that I'm vegetarian", ("food.diet",)),
    ("forget my food preferences",
     ("food.diet", "food.cuisine", "food.avoid", "food.price_level", "food.avoid_chains")),
    ("forget my temperature", ("climate.temperature",)),
    ("忘记我的家庭地址", ("places.home",)),
    ("删除我的饮食偏好", ("food.diet",)),
    ("忘掉我的公司地址", ("places.work",)),
    # what it was said about: a temperature in degrees
    ("forget what I told you about liking it at nineteen degrees", ("climate.temperature",)),
    # Chinese names what to forget before the verb, or points back to it
    ("之前跟你说我喜欢二十度，那个你忘了吧", ("climate.temperature",)),
    ("我家地址你忘了吧", ("places.home",)),
    # the home's address, not every address: a category beside its own topic is that topic
    ("忘了我家地址", ("places.home",)),
])
def test_forget_some_keys(text: str, keys: tuple[str, ...]) -> None:
    request = forget_request(text)
    assert request is not None and not request.everything
    assert request.keys == keys


@pytest.mark.parametrize("text", [
    "forget everything", "Forget everything you know about me", "erase all my data",
    "delete my profile", "忘记所有", "删除我的所有信息", "清除我的资料",
])
def test_forget_everything(text: str) -> None:
    request = forget_request(text)
    assert request is not None and request.everything
    assert request.keys == tuple(CATALOGUE)


@pytest.mark.parametrize("text", [
    "don't forget my home address", "forget it", "remove tolls from the route",
    "clear the route", "forget about the charging stop", "别忘记我的家", "删除充电站",
    "what do you know about me?", "",
    # what to forget is named in its own clause: the "my" belongs to the window
    "forget about the temperature, just open my window a crack",
    # whom it is done for is not what to forget
    "clear the screen for me, it's all steamy on the inside", "wipe the glass for me please",
    "我忘了关窗", "那个忘了吧", "这首歌删了吧",
])
def test_not_forget_requests(text: str) -> None:
    assert forget_request(text) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("What do you know about me?", True),
    ("what have you stored about me", True),
    ("what do you remember about me", True),
    ("what are my preferences?", True),
    ("show me my profile", True),
    ("what data do you have on me", True),
    ("你知道我什么", True),
    ("你都记住了我什么？", True),
    ("关于我你知道什么", True),
    ("我的偏好是什么", True),
    ("what do you know about the battery", False),
    ("what's the weather like", False),
    ("forget my home address", False),
    ("你知道附近有什么餐厅吗", False),
])
def test_profile_question(text: str, expected: bool) -> None:
    assert is_profile_question(text) is expected
