"""Framing and encoding between the trusted side and a sandbox.

Direction matters:
- trusted -> sandbox: requests are pickled. Only the sandbox unpickles them, and what the
  trusted side sends is checked to be plain data first (``check_outgoing``), so no trusted
  object (a reference solution, a grader's class) ever reaches student code.
- sandbox -> trusted: replies are restricted pickles of plain data (tensors, dtypes,
  devices and Sizes named by checked persistent ids, tensor bytes appended), or, for unusual
  tensors, written with ``torch.save`` and read back with ``torch.load(weights_only=True)``:
  whitelist decoders that build only primitives, containers, tensors, dtypes, devices, Sizes
  and our ``RemoteRef``. No student class,
  ``__eq__`` or ``__reduce__`` can run on the trusted side. Student code shares the worker's
  process and can send any bytes, so before unpickling the trusted side also bounds what a
  whitelisted pickle can cost: its pickled part (MAX_PICKLE_BYTES), its shape (a tree of
  bounded depth, ``pickle_shape``) and, for torch archives, stored records only.
"""
from __future__ import annotations

import collections
import io
import pickle
import socket
import struct
import time
import zipfile
from typing import Any, Callable

import torch

from deepgrade.sandbox.shared.pickle_shape import TREE_PICKLE_MODULE, TreePickler, check_tree

HEADER = struct.Struct("!Q")
MAX_MESSAGE_BYTES = 256 * 1024 * 1024  # a bigger reply is treated as a crash
# The pickled part of a reply (all of it without tensors; data.pkl with them). Unpickling
# amplifies: one byte of a crafted pickle (EMPTY_LIST) is a ~100-byte object here, so a
# full-size frame of them would be ~25 GB on the trusted side. Tensor data (raw storage
# records) is not amplified and may use the whole frame. 16 MiB is ~3M ints or a 60000-item
# list of (tensor, label) pairs three times over; at most ~2 GB and ~5 s to read.
MAX_PICKLE_BYTES = 16 * 1024 * 1024
REQUEST_PROTOCOL = pickle.HIGHEST_PROTOCOL


MAX_METHOD_NAMES = 256   # a RemoteRef's method names (see RemoteRef.methods)
MAX_NAME_CHARS = 100


def method_names(value: Any) -> tuple[str, ...]:
    """``value`` if it is a tuple of at most MAX_METHOD_NAMES identifiers (else TypeError):
    the trusted side keeps only names it could have asked for itself."""
    if type(value) is not tuple or len(value) > MAX_METHOD_NAMES or not all(
            type(name) is str and len(name) <= MAX_NAME_CHARS and name.isidentifier() for name in value):
        raise TypeError("method names must be a tuple of identifiers")
    return value


class RemoteRef:
    """A reference to an object that stays inside the sandbox (the wire form of a Handle).

    ``methods``: for an instance of a class from the student's code, the names that, when the
    reply was made, looked up a method the student wrote (a function in the class, not
    shadowed by the instance): ``h.name(...)`` may then go as one request (see handles)."""

    __slots__ = ("ref_id", "type_name", "methods")

    def __init__(self, ref_id: int, type_name: str, methods: tuple[str, ...] = ()) -> None:
        if type(ref_id) is not int or type(type_name) is not str:  # a forged reply: refused
            raise TypeError("RemoteRef takes an int id and a str type name")
        self.ref_id = ref_id
        self.type_name = type_name
        self.methods = method_names(methods)

    def __reduce__(self) -> tuple[Any, ...]:
        return (RemoteRef, (self.ref_id, self.type_name, self.methods))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RemoteRef) and other.ref_id == self.ref_id

    def __hash__(self) -> int:
        return hash(("RemoteRef", self.ref_id))

    def __repr__(self) -> str:
        return f"RemoteRef({self.ref_id}, {self.type_name!r})"


class FrameTooLarge(Exception):
    pass


class PickleTooLarge(Exception):
    """A reply whose non-tensor part is over MAX_PICKLE_BYTES (refused before unpickling)."""


class PeerClosed(Exception):
    pass


class WireTimeout(Exception):
    pass


# ---------------------------------------------------------------- framing

def _arm(sock: socket.socket, deadline: float | None) -> None:
    """Set the socket's timeout to what is left before ``deadline`` (none: block)."""
    if deadline is not None:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise WireTimeout()
        sock.settimeout(remaining)


def send_frame(sock: socket.socket, payload: bytes, deadline: float | None = None) -> None:
    """Send one frame; with a deadline, a peer that stops reading cannot block us forever."""
    _arm(sock, deadline)
    try:
        sock.sendall(HEADER.pack(len(payload)) + payload)
    except socket.timeout:
        raise WireTimeout() from None
    except (BrokenPipeError, ConnectionResetError):
        raise PeerClosed() from None


def _recv_exact(sock: socket.socket, size: int, deadline: float | None) -> bytes:
    buf = bytearray(size)
    view = memoryview(buf)
    got = 0
    while got < size:
        _arm(sock, deadline)
        try:
            n = sock.recv_into(view[got:], min(size - got, 1 << 20))
        except socket.timeout:
            raise WireTimeout() from None
        except (ConnectionResetError, BrokenPipeError):
            raise PeerClosed() from None
        if n == 0:
            raise PeerClosed()
        got += n
    return bytes(buf)


def recv_frame(sock: socket.socket, deadline: float | None = None,
               max_bytes: int = MAX_MESSAGE_BYTES) -> bytes:
    (size,) = HEADER.unpack(_recv_exact(sock, HEADER.size, deadline))
    if size > max_bytes:
        raise FrameTooLarge(size)
    return _recv_exact(sock, size, deadline)


# ---------------------------------------------------------------- requests (trusted -> sandbox)

_PLAIN_SCALARS = (type(None), bool, int, float, complex, str, bytes)
_TORCH_PLAIN = (torch.dtype, torch.device, torch.Size)
# Classes a grader may name in a question (``remote.is_instance(h, torch.nn.Module)``): they
# cross by import path and the sandbox looks up its own copy, so no trusted object crosses.
LIBRARY_CLASS_ROOTS = frozenset({"builtins", "collections", "numbers", "abc", "torch", "torchvision", "numpy"})


class LibraryClass:
    """A class of the standard library, torch, torchvision or numpy, named by its import path."""

    __slots__ = ("module", "qualname")

    def __init__(self, module: str, qualname: str) -> None:
        self.module = module
        self.qualname = qualname

    def __reduce__(self) -> tuple[Any, ...]:
        return (LibraryClass, (self.module, self.qualname))

    @classmethod
    def of(cls, value: type) -> "LibraryClass | None":
        """The import path of ``value`` when it is a library class reachable by that path."""
        module, qualname = getattr(value, "__module__", None), getattr(value, "__qualname__", None)
        if not isinstance(module, str) or not isinstance(qualname, str):
            return None
        if module.partition(".")[0] not in LIBRARY_CLASS_ROOTS or "<" in qualname:
            return None
        named = cls(module, qualname)
        try:
            return named if named.load() is value else None
        except (ImportError, AttributeError):
            return None

    def load(self) -> type:
        """The class this path names, in the current process (the sandbox's own copy there)."""
        import importlib

        found: Any = importlib.import_module(self.module)
        for part in self.qualname.split("."):
            found = getattr(found, part)
        if not isinstance(found, type):
            raise TypeError(f"{self.module}.{self.qualname} is not a class")
        return found


def check_outgoing(value: Any, to_ref: Callable[[Any], RemoteRef | None], _depth: int = 0) -> Any:
    """Return ``value`` with Handles replaced by RemoteRefs; refuse anything not plain.

    ``to_ref`` maps a Handle to its RemoteRef (and returns None for non-Handles); it also
    refuses Handles of another sandbox.
    """
    if _depth > 200:
        raise TypeError("value too deeply nested to send to the sandbox")
    ref = to_ref(value)
    if ref is not None:
        return ref
    kind = type(value)
    if kind in _PLAIN_SCALARS or isinstance(value, _TORCH_PLAIN) or value is Ellipsis:
        return value
    if isinstance(value, torch.Tensor):
        return value.detach() if value.requires_grad and not value.is_leaf else value
    if isinstance(value, torch.Generator):
        return value
    if isinstance(value, type):
        named = LibraryClass.of(value)
        if named is not None:
            return named
        raise TypeError(
            f"cannot send the class {value.__qualname__} to the sandbox: only classes of the standard "
            "library, torch, torchvision and numpy cross over (by name); use a Handle for the student's own")
    if kind is slice:
        return slice(*(check_outgoing(v, to_ref, _depth + 1) for v in (value.start, value.stop, value.step)))
    if kind in (list, tuple, set, frozenset):
        return kind(check_outgoing(v, to_ref, _depth + 1) for v in value)
    if kind is dict or isinstance(value, dict):
        # A state_dict() is an OrderedDict; other dict subclasses cross as plain dicts.
        pairs = [(check_outgoing(k, to_ref, _depth + 1), check_outgoing(v, to_ref, _depth + 1))
                 for k, v in value.items()]
        return collections.OrderedDict(pairs) if isinstance(value, collections.OrderedDict) else dict(pairs)
    if isinstance(value, (int, float, str, bytes)):  # bool/int/str subclasses (IntEnum, ...)
        base = next(b for b in (int, float, str, bytes) if isinstance(value, b))
        return base(value)
    if isinstance(value, tuple):  # namedtuple
        return tuple(check_outgoing(v, to_ref, _depth + 1) for v in value)
    raise TypeError(
        f"cannot send a {kind.__qualname__} to the sandbox: only plain data "
        "(numbers, strings, lists/tuples/dicts, tensors) and Handles cross over")


def encode_request(request: tuple[Any, ...]) -> bytes:
    return pickle.dumps(request, protocol=REQUEST_PROTOCOL)


def decode_request(payload: bytes) -> tuple[Any, ...]:
    # Runs in the sandbox only: the sender is the trusted side.
    return pickle.loads(payload)


# ---------------------------------------------------------------- replies (sandbox -> trusted)

# Most replies are small plain values (an int, a tuple of floats, a RemoteRef). torch.save /
# torch.load cost ~0.3 ms each for those, the bulk of a round trip, so replies without any
# torch object use plain pickle read back by a restricted unpickler that resolves no global
# but RemoteRef and complex (the "restricting globals" pattern of the pickle docs). Replies
# holding tensors, dtypes, devices or Sizes go through torch's own whitelist decoder.
_PLAIN_TAG, _TORCH_TAG, _RAW_TAG = b"P", b"T", b"R"
_PLAIN_GLOBALS = {("builtins", "complex"): complex, (RemoteRef.__module__, "RemoteRef"): RemoteRef}


class _PlainUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        try:
            return _PLAIN_GLOBALS[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"global {module}.{name} is not allowed") from None

    def persistent_load(self, pid: Any) -> Any:
        raise pickle.UnpicklingError("persistent ids are not allowed")


# Replies with ordinary dense CPU tensors (nearly all of them) skip torch.save/torch.load
# (~0.5 ms a reply, a tenth of a submission's time): the pickle names each tensor, dtype,
# device and Size by a persistent id of plain data, tensor bytes follow the pickle, and the
# trusted side rebuilds them from a whitelist of dtypes after checking every size against
# the frame. Anything else (sparse, quantized, other dtypes) takes torch's path.
_RAW_DTYPES = {str(d).removeprefix("torch."): d for d in (  # by _dtype_name
    torch.float16, torch.bfloat16, torch.float32, torch.float64, torch.complex64, torch.complex128,
    torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64, torch.bool)}
_DEVICE_TYPES = frozenset({"cpu", "cuda", "mps", "meta"})


def _dtype_name(dtype: torch.dtype) -> str:
    return str(dtype).removeprefix("torch.")


def _raw_tensor(value: Any) -> bool:
    return (type(value) is torch.Tensor and value.layout == torch.strided and value.device.type == "cpu"
            and not value.is_quantized and not value.is_nested and _dtype_name(value.dtype) in _RAW_DTYPES)


def _reply_format(value: Any, depth: int = 0) -> bytes:
    """The cheapest format that can carry ``value``, in one walk: plain data only (P), also
    dense CPU tensors, dtypes, devices and Sizes (R), anything else (T, torch.save)."""
    kind = type(value)
    if kind in _PLAIN_SCALARS or kind is RemoteRef:
        return _PLAIN_TAG
    if kind in (list, tuple, set, frozenset, dict):
        if depth > 100:
            return _TORCH_TAG
        items = [x for pair in value.items() for x in pair] if kind is dict else value
        found = _PLAIN_TAG
        for item in items:
            found = max(found, _reply_format(item, depth + 1), key=_FORMAT_COST.__getitem__)
            if found == _TORCH_TAG:
                break
        return found
    if kind is torch.Size or kind is torch.device or _raw_tensor(value) \
            or (kind is torch.dtype and _dtype_name(value) in _RAW_DTYPES):
        return _RAW_TAG
    return _TORCH_TAG


_FORMAT_COST = {_PLAIN_TAG: 0, _RAW_TAG: 1, _TORCH_TAG: 2}


class _RawPickler(TreePickler):
    """Sandbox side: tensors, dtypes, devices and Sizes as persistent ids of plain data."""

    def __init__(self, file: io.BytesIO) -> None:
        super().__init__(file, protocol=4)
        self.blobs: list[bytes] = []
        self.offset = 0

    def persistent_id(self, obj: Any) -> Any:
        kind = type(obj)
        if kind is torch.Tensor:
            flat = obj.detach().contiguous().reshape(-1)
            data = flat.view(torch.uint8).numpy().tobytes() if flat.numel() else b""
            pid = ("t", _dtype_name(obj.dtype), tuple(obj.shape), bool(obj.requires_grad),
                   self.offset, len(data))
            self.blobs.append(data)
            self.offset += len(data)
            return pid
        if kind is torch.dtype:
            return ("d", _dtype_name(obj))
        if kind is torch.device:
            return ("v", obj.type, obj.index)
        if kind is torch.Size:
            return ("s", tuple(obj))
        return None


def encode_reply(reply: dict[str, Any]) -> bytes:
    # Without a memo: the trusted side refuses back references (see pickle_shape).
    buf = io.BytesIO()
    tag = _reply_format(reply)
    if tag == _PLAIN_TAG:
        TreePickler(buf, protocol=4).dump(reply)
        return _PLAIN_TAG + buf.getvalue()
    if tag == _RAW_TAG:
        pickler = _RawPickler(buf)
        pickler.dump(reply)
        pickled = buf.getvalue()
        return b"".join([_RAW_TAG, HEADER.pack(len(pickled)), pickled, *pickler.blobs])
    torch.save(reply, buf, pickle_module=TREE_PICKLE_MODULE)
    return _TORCH_TAG + buf.getvalue()


class _RawUnpickler(_PlainUnpickler):
    """Trusted side: rebuilds what _RawPickler named, checking every field first."""

    def __init__(self, file: io.BytesIO, data: memoryview) -> None:
        super().__init__(file)
        self.data = data

    def persistent_load(self, pid: Any) -> Any:
        if type(pid) is not tuple or not pid or type(pid[0]) is not str:
            raise pickle.UnpicklingError("malformed persistent id")
        tag, fields = pid[0], pid[1:]
        if tag == "t" and len(fields) == 5:
            return self._tensor(*fields)
        if tag == "d" and len(fields) == 1 and type(fields[0]) is str and fields[0] in _RAW_DTYPES:
            return _RAW_DTYPES[fields[0]]
        if (tag == "v" and len(fields) == 2 and type(fields[0]) is str and fields[0] in _DEVICE_TYPES
                and (fields[1] is None or (type(fields[1]) is int and 0 <= fields[1] < 1024))):
            return torch.device(fields[0], fields[1])
        if tag == "s" and len(fields) == 1 and _dims(fields[0]):
            return torch.Size(fields[0])
        raise pickle.UnpicklingError("malformed persistent id")

    def _tensor(self, dtype_name: Any, shape: Any, requires_grad: Any, offset: Any, size: Any) -> torch.Tensor:
        if type(dtype_name) is not str or dtype_name not in _RAW_DTYPES or not _dims(shape) \
                or type(requires_grad) is not bool or type(offset) is not int or type(size) is not int:
            raise pickle.UnpicklingError("malformed tensor")
        dtype = _RAW_DTYPES[dtype_name]
        count = 1
        for dim in shape:
            count *= dim
        itemsize = torch.empty((), dtype=dtype).element_size()
        if count * itemsize != size or offset < 0 or offset + size > len(self.data):
            raise pickle.UnpicklingError("tensor sizes do not match the reply")
        if size == 0:
            tensor = torch.empty(shape, dtype=dtype)
        else:
            tensor = torch.frombuffer(bytearray(self.data[offset:offset + size]), dtype=dtype).reshape(shape)
        if requires_grad:
            if not (dtype.is_floating_point or dtype.is_complex):
                raise pickle.UnpicklingError("requires_grad on an integer tensor")
            tensor.requires_grad_(True)
        return tensor


def _dims(shape: Any) -> bool:
    return (type(shape) is tuple and len(shape) <= 64
            and all(type(d) is int and 0 <= d <= MAX_MESSAGE_BYTES for d in shape))


def _decode_raw(body: bytes) -> Any:
    if len(body) < HEADER.size:
        raise ValueError("truncated reply")
    (pickled_size,) = HEADER.unpack_from(body)
    if pickled_size > MAX_PICKLE_BYTES:
        raise PickleTooLarge(pickled_size)
    end = HEADER.size + pickled_size
    if end > len(body):
        raise ValueError("truncated reply")
    pickled = body[HEADER.size:end]
    check_tree(pickled)
    return _RawUnpickler(io.BytesIO(pickled), memoryview(body)[end:]).load()


def _check_archive(body: bytes) -> None:
    """Refuse a torch archive that would grow while loading (torch.save writes neither form).

    torch.load inflates deflate-compressed records and reads the legacy non-zip format, whose
    sizes come from the file: 100 KB of compressed zeros become a 100 MB tensor here, and a
    full-size frame hundreds of GB. Only stored (uncompressed) records, together no bigger
    than the frame itself, are let through; its pickles must be trees (see pickle_shape).
    """
    if not body.startswith(b"PK\x03\x04"):
        raise ValueError("not a zip archive")
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        total = 0
        for info in archive.infolist():
            if info.compress_type != zipfile.ZIP_STORED or info.file_size != info.compress_size:
                raise ValueError("compressed record")
            total += info.file_size
            folder, _, name = info.filename.rpartition("/")
            is_storage = folder.endswith("/data") and name.isdigit()
            if not is_storage and info.file_size > MAX_PICKLE_BYTES:
                raise PickleTooLarge(info.file_size)
            if name.endswith(".pkl"):
                check_tree(archive.read(info))
    if total > len(body):
        raise ValueError("records larger than the archive")


def decode_reply(payload: bytes) -> Any:
    """Whitelist decode of a sandbox reply. Raises ValueError when the payload is not allowed,
    PickleTooLarge when its non-tensor part is too big to unpickle safely."""
    tag, body = payload[:1], payload[1:]
    if tag == _PLAIN_TAG and len(body) > MAX_PICKLE_BYTES:
        raise PickleTooLarge(len(body))
    try:
        if tag == _PLAIN_TAG:
            check_tree(body)
            return _PlainUnpickler(io.BytesIO(body)).load()
        if tag == _RAW_TAG:
            return _decode_raw(body)
        if tag == _TORCH_TAG:
            _check_archive(body)
            with torch.serialization.safe_globals([RemoteRef, frozenset]):
                return torch.load(io.BytesIO(body), weights_only=True, map_location="cpu")
        raise ValueError("unknown reply format")
    except PickleTooLarge:
        raise
    except Exception as exc:  # UnpicklingError, RuntimeError, EOFError, ...: all mean "refused"
        raise ValueError(f"unreadable reply from the sandbox ({type(exc).__name__})") from None
