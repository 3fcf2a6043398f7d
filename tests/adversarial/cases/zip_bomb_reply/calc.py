# Answers mul with a torch archive whose records are deflate-compressed: 40 MB of zeros in
# a ~40 kB reply (a full-size frame of them would be hundreds of GB once torch.load inflates it).
import io
import zipfile

import torch

import deepgrade.sandbox.inside.worker as worker

_honest = worker.encode_reply


def _bomb(reply):
    payload = _honest(reply)
    if payload[:1] not in (b"T", b"R"):  # replies holding tensors
        return payload
    buf = io.BytesIO()
    torch.save(dict(reply, value=torch.zeros(10_000_000)), buf)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename))
    return b"T" + out.getvalue()


worker.encode_reply = _bomb


def add(a, b):
    return a + b


def mul(x, y):
    return x * y
