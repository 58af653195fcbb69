"""The records of sessions and sign-ins: a browser in a few words, a capped list, expiry."""

import time

import pytest

from webapp.auth import records


@pytest.mark.parametrize(
    ("agent", "summary"),
    [
        (
            "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
            "Firefox (Linux)",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
            "Edge (Windows)",
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            "Safari (iOS)",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Mobile Safari/537.36",
            "Chrome (Android)",
        ),
        ("curl/8.5.0", "curl"),
        ("", ""),
    ],
)
def test_a_browser_is_summed_up_by_name_and_system(agent, summary):
    """The User-Agent as "browser (system)", as far as it says."""
    assert records.agent_summary(agent) == summary


def test_the_memory_store_keeps_the_newest_items_and_forgets_after_the_expiry():
    """A capped list, newest first; a map whose fields go with the key's expiry."""
    store = records.Memory()
    for i in range(5):
        store.push("list", str(i), keep=3, seconds=60)
    assert store.items("list") == ["4", "3", "2"]
    store.put("map", "a", "1", seconds=60)
    store.put("map", "b", "2", seconds=60)
    store.drop("map", "a")
    assert store.fields("map") == {"b": "2"}
    store.put("gone", "a", "1", seconds=0)
    time.sleep(0.01)
    assert store.fields("gone") == {}


def test_a_garbled_record_is_skipped():
    """Not JSON, or not an object: None."""
    assert records.decode("{nope") is None
    assert records.decode("[1]") is None
    assert records.decode(records.encode({"a": 1})) == {"a": 1}


def test_a_storage_that_is_neither_memory_nor_redis_is_refused():
    """Session records need a map and a list: a storage without them is a settings error."""
    with pytest.raises(ValueError, match="memory:// or a Redis"):
        records.store_for(object())
