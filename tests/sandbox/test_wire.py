"""The reply decoder is a whitelist on both of its paths: a hostile sandbox can send any bytes."""
from __future__ import annotations

import io
import os
import pickle

import pytest
import torch

from deepgrade.sandbox import wire


class Evil:
    def __reduce__(self):
        return (os.system, ("echo pwned > /tmp/deepgrade-wire-pwned",))


def test_plain_replies_round_trip_without_torch():
    reply = {"seq": 3, "kind": "value", "value": (1, 2.5, "가", b"x", None, True, 1 + 2j,
                                                  [1, {"a": frozenset({1})}], wire.RemoteRef(7, "Fourcal"))}
    payload = wire.encode_reply(reply)
    assert payload[:1] == b"P"
    assert wire.decode_reply(payload) == reply


def test_tensor_replies_use_the_torch_decoder():
    reply = {"value": (torch.arange(3), torch.float32, torch.device("cpu"), torch.Size([2]))}
    payload = wire.encode_reply(reply)
    assert payload[:1] == b"T"
    value = wire.decode_reply(payload)["value"]
    assert torch.equal(value[0], torch.arange(3)) and value[1:] == reply["value"][1:]


@pytest.mark.parametrize("tag", [b"P", b"T"])
def test_a_reply_naming_any_other_global_is_refused(tag, tmp_path):
    if tag == b"P":
        body = pickle.dumps({"value": Evil()})
    else:
        buf = io.BytesIO()
        torch.save({"value": Evil()}, buf)
        body = buf.getvalue()
    with pytest.raises(ValueError, match="unreadable reply"):
        wire.decode_reply(tag + body)
    assert not os.path.exists("/tmp/deepgrade-wire-pwned")


def test_unknown_format_is_refused():
    with pytest.raises(ValueError):
        wire.decode_reply(b"X" + pickle.dumps(1))
