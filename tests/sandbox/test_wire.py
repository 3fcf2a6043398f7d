"""The reply decoder is a whitelist on both of its paths: a hostile sandbox can send any bytes."""
from __future__ import annotations

import io
import os
import pickle
import struct
import subprocess
import sys
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
    honest = wire.encode_reply({"seq": 1, "kind": "value", "value": torch.zeros(1_000_000)})
    bomb = _deflated(honest[1:])
    assert len(bomb) < 100_000
    with pytest.raises(ValueError, match="unreadable reply"):
        wire.decode_reply(b"T" + bomb)
    assert wire.decode_reply(honest)["value"].shape == (1_000_000,)  # stored: fine


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


def _reply_pickle(value_ops: bytes) -> bytes:
    """A protocol-4 reply dict {"seq": 1, "value": <value_ops>} written opcode by opcode."""
    return b"\x80\x04}(\x8c\x03seqK\x01\x8c\x05value" + value_ops + b"u."


def _laughing_set(levels: int) -> bytes:
    """{t} where t = (t', t'), 60 times over, by memo back references: 2**60 nodes to hash."""
    ops = b"\x8f\x94(K\x01\x85\x94"  # EMPTY_SET, MEMOIZE, MARK, (1,), MEMOIZE
    for index in range(1, levels + 1):
        ops += b"j" + struct.pack("<I", index) + b"j" + struct.pack("<I", index) + b"\x86\x94"
    return ops + b"\x90"  # ADDITEMS: hashes the top tuple


HOSTILE_SHAPES = {
    "shared tuples hashed as a set member": _laughing_set(60),
    "dict key a million tuples deep (C stack overflow when hashed)":
        b"}K\x01" + b"\x85" * 1_000_000 + b"K\x01s",
}


def test_hostile_pickle_shapes_are_refused_before_unpickling(tmp_path):
    # Run in a child: before the fix one hung forever and the other killed the process.
    paths = []
    for index, ops in enumerate(HOSTILE_SHAPES.values()):
        paths.append(tmp_path / f"reply{index}")
        paths[-1].write_bytes(b"P" + _reply_pickle(ops))
    script = (
        "import sys\nfrom deepgrade.sandbox import wire\n"
        "for path in sys.argv[1:]:\n"
        "    try:\n        wire.decode_reply(open(path, 'rb').read())\n"
        "    except ValueError as exc:\n        print('refused', exc.__context__)\n"
        "    else:\n        print('decoded')\n")
    done = subprocess.run([sys.executable, "-c", script, *map(str, paths)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines() == ["refused back reference (MEMOIZE) in a reply",
                                        "refused reply nested deeper than 200"], done.stdout


def test_honest_replies_are_trees_and_pass_the_shape_check():
    text = "반복되는 문자열"
    reply = {"seq": 1, "kind": "value",
             "value": [text, text, (1, (2, (3,))), {(1, 2): frozenset({(3, 4)})}, 1j, 1j]}
    assert wire.decode_reply(wire.encode_reply(reply)) == reply
    tensors = {"value": [torch.float32, torch.float32, torch.zeros(2), torch.zeros(2), torch.Size([2])]}
    decoded = wire.decode_reply(wire.encode_reply(tensors))["value"]
    assert decoded[:2] == [torch.float32, torch.float32] and decoded[4] == torch.Size([2])
