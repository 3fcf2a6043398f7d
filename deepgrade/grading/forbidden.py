"""Graders' side of the forbidden-call watch: "implement it yourself" checked by behaviour.

``watched(student.conv2d_naive, CONVOLUTION)(x, w, b)`` runs the student's call under a
``TorchFunctionMode`` where the student's code runs (``deepgrade.sandbox.inside.watch``) and
returns its result, or fails the test with a Korean message naming each forbidden function
the call used. It inspects calls, never the source text (a docstring may name them). A
static look at the function's own code (``deepgrade.sandbox.client.remote.code_names``) is a
separate, weaker check a grader may add beside it.

The lists below name each function by every path a student is likely to reach it by;
aliases of one object count once.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

from deepgrade.sandbox.client import remote
from deepgrade.sandbox.client.handles import Handle
from deepgrade.sandbox.inside.watch import call_watched

# Autograd inside a hand-written backward pass.
AUTOGRAD = ("torch.Tensor.backward", "torch.autograd.backward", "torch.autograd.grad")
# Built-in convolution and the stride tricks that vectorise it without loops.
CONVOLUTION = (
    "torch.nn.functional.conv2d", "torch.nn.functional.conv1d", "torch.nn.functional.conv3d",
    "torch.convolution", "torch.ops.aten.conv2d", "torch.ops.aten.convolution",
    "torch.nn.functional.unfold", "torch.Tensor.unfold", "torch.Tensor.as_strided", "torch.as_strided",
)
# Built-in pooling and the same stride tricks.
POOLING = (
    "torch.nn.functional.max_pool2d", "torch.max_pool2d", "torch.nn.functional.max_pool2d_with_indices",
    "torch._C._nn.max_pool2d_with_indices", "torch.nn.functional.adaptive_max_pool2d",
    "torch.ops.aten.max_pool2d", "torch.nn.functional.unfold", "torch.Tensor.unfold",
    "torch.Tensor.as_strided", "torch.as_strided",
)

# torch's own recurrent cells and layers (nn.RNNCell/GRUCell/LSTMCell and nn.RNN/GRU/LSTM call these).
RECURRENT = (
    "torch.rnn_tanh_cell", "torch.rnn_relu_cell", "torch.gru_cell", "torch.lstm_cell",
    "torch.rnn_tanh", "torch.rnn_relu", "torch.gru", "torch.lstm",
    "torch.ops.aten.rnn_tanh_cell", "torch.ops.aten.rnn_relu_cell", "torch.ops.aten.gru_cell",
    "torch.ops.aten.lstm_cell",
)
# torch's fused attention, F.scaled_dot_product_attention.
ATTENTION = ("torch.nn.functional.scaled_dot_product_attention", "torch.ops.aten.scaled_dot_product_attention")
# torch's multi-head attention: nn.MultiheadAttention goes through multi_head_attention_forward
# (or its fused fast path).
MULTIHEAD_ATTENTION = ("torch.nn.functional.multi_head_attention_forward", "torch._native_multi_head_attention")

_MESSAGE = ("{function} 안에서 {names}을(를) 호출했습니다. 이 문제는 이 함수{plural} 없이 직접 구현해야 합니다 "
            "(과제 설명에서 허용한 연산만 쓰세요)")


def watched(func: Any, forbidden: Sequence[str], *, static: Sequence[str] = ()) -> Callable[..., Any]:
    """``func`` (a student function: a Handle, or a real function in-process) as a callable that
    runs under the watch and fails with a Korean message if it called any of ``forbidden``.

    ``static``: names that must not appear in the function's own code either (the static
    check beside the watch, made after the first call the watch let through, so a forbidden
    call is reported by the watch, which names it exactly)."""
    names = [str(n) for n in forbidden]
    unchecked = [bool(static)]

    def call(*args: Any, **kwargs: Any) -> Any:
        if isinstance(func, Handle):
            reply = func._dg_sandbox._call("dg_call_watched", func, args, kwargs, names)
        else:
            reply = call_watched(func, args, kwargs, names)
        if type(reply) is not dict or type(reply.get("forbidden")) is not list:  # forged in the sandbox
            raise AssertionError("함수 호출의 결과를 읽을 수 없습니다")
        seen = [n for n in names if n in reply["forbidden"]]  # our own text, never the student's
        if seen:
            function = reply.get("function")
            shown = f"`{function}`" if isinstance(function, str) and function.isidentifier() else "이 함수"
            raise AssertionError(_MESSAGE.format(function=shown, names=", ".join(seen),
                                                 plural="들" if len(seen) > 1 else ""))
        if unchecked[0]:
            unchecked[0] = False
            function = reply.get("function")
            assert_names_unused(func, static, function=function if isinstance(function, str) else "이 함수")
        return reply["result"]

    return call


def assert_names_unused(func: Any, names: Sequence[str], *, function: str) -> None:
    """The static check beside the watch: none of ``names`` (e.g. "backward", "autograd")
    appears among the names ``function``'s own code uses (docstrings and comments never do)."""
    used = set(remote.code_names(func))
    found = [n for n in names if n in used]
    if found:
        raise AssertionError(f"`{function}`의 코드가 {', '.join(found)}을(를) 사용합니다. 이 문제는 이 기능 없이 "
                             "직접 구현해야 합니다")
