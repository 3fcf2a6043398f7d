"""The reply decoder is a whitelist on both of its paths: a hostile sandbox can send any bytes."""
from __future__ import annotations

import io
import os
import pickle
import zipfile

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


def _deflated(archive: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as source, \
            zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename))
    return out.getvalue()


def test_a_compressed_torch_archive_is_refused_before_it_inflates():
    # 4 MB of zeros deflate to a few KB: torch.load would inflate them on the trusted side,
    # so a full-size frame of them would be hundreds of GB of memory here.
    buf = io.BytesIO()
    torch.save({"seq": 1, "kind": "value", "value": torch.zeros(1_000_000)}, buf)
    bomb = _deflated(buf.getvalue())
    assert len(bomb) < 100_000
    with pytest.raises(ValueError, match="unreadable reply"):
        wire.decode_reply(b"T" + bomb)
    assert wire.decode_reply(b"T" + buf.getvalue())["value"].shape == (1_000_000,)  # stored: fine


def test_a_legacy_non_zip_torch_payload_is_refused():
    buf = io.BytesIO()
    torch.save({"value": torch.zeros(3)}, buf, _use_new_zipfile_serialization=False)
    with pytest.raises(ValueError, match="unreadable reply"):
        wire.decode_reply(b"T" + buf.getvalue())


def test_a_pickle_that_would_amplify_is_refused_unread(monkeypatch):
    # Each EMPTY_LIST byte is a ~100-byte list once unpickled: a full frame would be ~25 GB.
    assert wire.MAX_PICKLE_BYTES <= 32 << 20
    monkeypatch.setattr(wire, "MAX_PICKLE_BYTES", 1 << 16)  # the same rule, smaller (fast)
    flood = b"\x80\x04}(\x8c\x05value\x94(" + b"]" * ((1 << 16) + 1) + b"lu."
    with pytest.raises(wire.PickleTooLarge):
        wire.decode_reply(b"P" + flood)
    mixed = wire.encode_reply({"value": [torch.zeros(1), *range(1 << 15)]})
    with pytest.raises(wire.PickleTooLarge):
        wire.decode_reply(mixed)
    # tensor data is not amplified: a tensor much bigger than the cap still crosses
    big = torch.zeros(1 << 16)
    assert wire.decode_reply(wire.encode_reply({"value": big}))["value"].numel() == 1 << 16
