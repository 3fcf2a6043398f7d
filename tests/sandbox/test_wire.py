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

from deepgrade.sandbox.shared import wire


class Evil:
    def __reduce__(self):
        return (os.system, ("echo pwned > /tmp/deepgrade-wire-pwned",))


def test_plain_replies_round_trip_without_torch():
    reply = {"seq": 3, "kind": "value", "value": (1, 2.5, "가", b"x", None, True, 1 + 2j,
                                                  [1, {"a": frozenset({1})}], wire.RemoteRef(7, "Fourcal"))}
    payload = wire.encode_reply(reply)
    assert payload[:1] == b"P"
    assert wire.decode_reply(payload) == reply


def test_dense_tensor_replies_use_the_raw_format():
    tensors = [torch.arange(3), torch.tensor(2.5), torch.zeros(0, 4), torch.arange(12.0).view(3, 4).t(),
               torch.arange(10)[::3], torch.tensor([True, False]), torch.randn(2, dtype=torch.complex64),
               torch.randn(3).to(torch.bfloat16), torch.ones(2, requires_grad=True) * 3]
    reply = {"value": (tensors, torch.float32, torch.device("cpu"), torch.device("cuda", 1), torch.Size([2]))}
    payload = wire.encode_reply(reply)
    assert payload[:1] == b"R"
    value = wire.decode_reply(payload)["value"]
    for sent, got in zip(tensors, value[0]):
        assert (got.dtype, got.shape, got.requires_grad) == (sent.dtype, sent.shape, sent.requires_grad)
        assert torch.equal(got.detach(), sent.detach())
    assert value[1:] == reply["value"][1:] and type(value[4]) is torch.Size


def test_other_tensors_use_the_torch_decoder():
    reply = {"value": (torch.eye(3).to_sparse(), torch.arange(3))}
    payload = wire.encode_reply(reply)
    assert payload[:1] == b"T"
    value = wire.decode_reply(payload)["value"]
    assert torch.equal(value[0].to_dense(), torch.eye(3)) and torch.equal(value[1], torch.arange(3))


class _Named:
    def __init__(self, pid):
        self.pid = pid


class _ForgingPickler(pickle.Pickler):
    def persistent_id(self, obj):
        return obj.pid if isinstance(obj, _Named) else None


def _raw(value, data=b"", pickled_size=None):
    buf = io.BytesIO()
    _ForgingPickler(buf, protocol=4).dump(value)
    pickled = buf.getvalue()
    size = len(pickled) if pickled_size is None else pickled_size
    return b"R" + struct.pack("!Q", size) + pickled + data


@pytest.mark.parametrize("pid, data", [
    (("t", "float32", (3,), False, 0, 12), b"\0" * 8),          # data shorter than it claims
    (("t", "float32", (3,), False, 0, 8), b"\0" * 12),          # size does not match the shape
    (("t", "float32", (10**12,), False, 0, 4 * 10**12), b""),  # a huge tensor from nothing
    (("t", "float32", (1,), False, -4, 4), b"\0" * 8),          # negative offset
    (("t", "float8", (1,), False, 0, 1), b"\0"),                # dtype not on the list
    (("t", "int64", (1,), True, 0, 8), b"\0" * 8),              # requires_grad on integers
    (("t", "float32", [1], False, 0, 4), b"\0" * 4),            # shape not a tuple of ints
    (("t", "float32", (-1,), False, 0, 4), b"\0" * 4),
    (("v", "evil", None), b""), (("v", "cpu", 10**9), b""), (("d", "Tensor"), b""),
    (("s", (1, "2")), b""), (7, b""), (("x",), b""), (("t",), b""),
])
def test_forged_raw_replies_are_refused(pid, data):
    with pytest.raises(ValueError, match="unreadable reply"):
        wire.decode_reply(_raw({"value": _Named(pid)}, data))


def test_raw_replies_are_bounded_and_whitelisted_like_the_others():
    with pytest.raises(ValueError, match="unreadable reply"):
        wire.decode_reply(_raw({"value": Evil()}))
    assert not os.path.exists("/tmp/deepgrade-wire-pwned")
    with pytest.raises(ValueError, match="unreadable reply"):
        wire.decode_reply(_raw({"value": 1}, pickled_size=10**6))      # claims more than it holds
    with pytest.raises(wire.PickleTooLarge):
        wire.decode_reply(_raw({"value": 1}, pickled_size=wire.MAX_PICKLE_BYTES + 1))
    with pytest.raises(ValueError, match="unreadable reply"):
        wire.decode_reply(b"R\0\0")


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
    buf = io.BytesIO()  # the torch path (dense tensors now take the raw one)
    torch.save({"seq": 1, "kind": "value", "value": torch.zeros(1_000_000)}, buf,
               pickle_module=wire.TREE_PICKLE_MODULE)
    honest = b"T" + buf.getvalue()
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
        "import sys\nfrom deepgrade.sandbox.shared import wire\n"
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
