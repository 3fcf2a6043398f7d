"""Colab stand-ins, installed inside the sandbox child right before student code runs.

Safe to import in the zygote: only the standard library at import time, no module-level
state, nothing from the course. ``install_shims`` changes only the child it runs in.

- ``google.colab`` (``drive.mount``, ``files.upload``/``download``, ``output``): harmless
  stubs that print a note, so ``from google.colab import drive; drive.mount(...)`` works.
- ``get_ipython()``: what notebook cells' magics were rewritten into (see
  ``deepgrade.submission.notebook``); every magic and shell command is a no-op here.
- ``torchvision.datasets.MNIST``: Colab's ``/content`` maps to the working folder, and
  ``download=True`` links the local fixture's raw files into the requested root instead of
  reaching the network. Any other torchvision download raises a clear error.
- ``tqdm`` (``tqdm.notebook``, ``tqdm.auto``) when it is not installed: Colab has it, so an
  imports cell with ``from tqdm.notebook import tqdm`` must not lose every import after it.
- ``input()`` raises EOFError with a Korean reason (nobody types while grading).
- On a grader without CUDA, ``.to('cuda')`` / ``.cuda()`` of tensors and modules stay on the
  CPU (said once in the output): Colab GPU code is correct code, not the student's fault.
"""
from __future__ import annotations

import builtins
import os
import shutil
import sys
import types
from typing import Any, Callable

_MARK = "_deepgrade_shim"
NOTE_PREFIX = "[deepgrade]"


def _note(message: str) -> None:
    print(f"{NOTE_PREFIX} {message}", flush=True)


def colab_path(path: Any) -> Any:
    """Colab's working folder is /content; in the sandbox it is the working folder."""
    text = os.fspath(path) if isinstance(path, (str, os.PathLike)) else None
    if not isinstance(text, str):
        return path
    if text == "/content":
        return "."
    if text.startswith("/content/"):
        return text[len("/content/"):] or "."
    return path


# --- google.colab -------------------------------------------------------------------------


def _mount(mountpoint: Any = "/content/drive", *args: Any, **kwargs: Any) -> None:
    _note(f"drive.mount({str(mountpoint)!r}): 채점 환경에는 Google Drive가 없어 건너뜁니다 "
          "(grading has no Google Drive; skipped).")


def _upload(*args: Any, **kwargs: Any) -> dict[str, bytes]:
    _note("files.upload(): 채점 환경에서는 파일을 올릴 수 없어 빈 결과를 돌려줍니다 "
          "(no uploads while grading).")
    return {}


def _download(filename: Any, *args: Any, **kwargs: Any) -> None:
    _note(f"files.download({str(filename)!r}): 채점 환경에서는 건너뜁니다 (skipped while grading).")


def _quiet(*args: Any, **kwargs: Any) -> None:
    return None


def _cv2_imshow(*args: Any, **kwargs: Any) -> None:
    _note("cv2_imshow(): 채점 환경에는 화면이 없어 건너뜁니다 (no screen while grading; skipped).")


class _SecretNotFoundError(KeyError):
    """What ``google.colab.userdata.get`` raises for a secret that is not there."""


_SecretNotFoundError.__module__ = "google.colab.userdata"  # the name the student's traceback shows
_SecretNotFoundError.__qualname__ = _SecretNotFoundError.__name__ = "SecretNotFoundError"


def _secret(key: Any, *args: Any, **kwargs: Any) -> str:
    raise _SecretNotFoundError(f"userdata.get({str(key)!r}): 채점 환경에는 Colab 보안 비밀(Secrets)이 "
                               "없습니다 (no Colab secrets while grading)")


def _module(name: str, **attrs: Any) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__dict__.update(attrs)
    setattr(module, _MARK, True)
    return module


def _install_google_colab() -> None:
    if getattr(sys.modules.get("google.colab"), _MARK, False):
        return
    drive = _module("google.colab.drive", mount=_mount, flush_and_unmount=_quiet)
    files = _module("google.colab.files", upload=_upload, download=_download)
    output = _module("google.colab.output", clear=_quiet, enable_custom_widget_manager=_quiet,
                     disable_custom_widget_manager=_quiet, eval_js=_quiet)
    patches = _module("google.colab.patches", cv2_imshow=_cv2_imshow)
    auth = _module("google.colab.auth", authenticate_user=_quiet)
    userdata = _module("google.colab.userdata", get=_secret, SecretNotFoundError=_SecretNotFoundError)
    colab = _module("google.colab", drive=drive, files=files, output=output, patches=patches,
                    auth=auth, userdata=userdata)
    colab.__path__ = []  # a package, so "import google.colab.drive" resolves from sys.modules
    try:
        import google  # a real namespace package (e.g. protobuf) may exist: extend it
    except ImportError:
        google = _module("google")
        google.__path__ = []
        sys.modules["google"] = google
    google.colab = colab  # type: ignore[attr-defined]
    sys.modules.update({"google.colab": colab, "google.colab.drive": drive,
                        "google.colab.files": files, "google.colab.output": output,
                        "google.colab.patches": patches, "google.colab.auth": auth,
                        "google.colab.userdata": userdata})


# --- get_ipython() and display() -----------------------------------------------------------


class _ShellOutput(list):
    """What ``x = !ls`` gives: an empty list with IPython's string views."""

    @property
    def s(self) -> str:
        return ""

    n = s

    @property
    def p(self) -> list:
        return []

    l = p  # noqa: E741 - IPython's own attribute name


class GradingShell:
    """``get_ipython()`` while grading: shell commands do nothing; of the magics only those
    that change this process the way later Python code may rely on (``%env``, ``%cd``,
    ``%pwd``) act, the rest do nothing."""

    def __init__(self, workdir: str = ".") -> None:
        self.workdir = os.path.abspath(workdir)

    def system(self, *args: Any, **kwargs: Any) -> None:
        return None

    def getoutput(self, *args: Any, **kwargs: Any) -> _ShellOutput:
        return _ShellOutput()

    def run_line_magic(self, name: Any = "", line: Any = "", *args: Any, **kwargs: Any) -> Any:
        name, line = str(name), str(line).strip()
        if name == "env":
            return _env_magic(line)
        if name == "cd":
            return self._cd(line)
        if name == "pwd":
            return os.getcwd()
        return None

    def _cd(self, line: str) -> None:
        words = [w for w in line.split() if not w.startswith("-")]  # -q, -b
        target = " ".join(words).strip("'\"") or "/content"
        local = colab_path(target)
        # /content/... is the working folder's; a relative path is the current folder's
        path = os.path.abspath(os.path.join(self.workdir if local != target else os.getcwd(), local))
        if not os.path.isdir(path) or os.path.commonpath([path, self.workdir]) != self.workdir:
            _note(f"%cd {target}: 채점 환경에는 이 폴더가 없어 작업 폴더에 그대로 있습니다 "
                  "(no such folder while grading; staying in the working folder).")
            return None
        os.chdir(path)
        return None

    def run_cell_magic(self, *args: Any, **kwargs: Any) -> None:
        return None

    def magic(self, *args: Any, **kwargs: Any) -> None:
        return None

    def __getattr__(self, name: str) -> Callable[..., None]:
        if name.startswith("__"):
            raise AttributeError(name)
        return _quiet


def _env_magic(line: str) -> Any:
    """``%env``: all variables, ``%env NAME``: one, ``%env NAME=value`` / ``NAME value``: set."""
    if not line:
        return dict(os.environ)
    if "=" in line:
        key, value = line.split("=", 1)
    elif " " in line:
        key, value = line.split(None, 1)
    else:
        return os.environ.get(line)
    os.environ[key.strip()] = value.strip()
    return None


def _display(*objects: Any, **kwargs: Any) -> None:
    for obj in objects:
        print(repr(obj))


def _no_input(prompt: Any = "") -> str:
    # EOFError is what input() raises on a closed stdin, so a student's ``except EOFError`` works
    raise EOFError("input(): 채점 중에는 키보드로 입력할 수 없습니다. 입력값은 코드에 직접 적어 주세요 "
                   "(no keyboard input while grading)")


def _install_ipython_names(workdir: str) -> None:
    if not hasattr(builtins, "get_ipython"):
        shell = GradingShell(workdir)
        builtins.get_ipython = lambda: shell  # type: ignore[attr-defined]
    if not hasattr(builtins, "display"):
        builtins.display = _display  # type: ignore[attr-defined]
    builtins.input = _no_input


# --- tqdm, when the grader has none ------------------------------------------------------------


class _Progress:
    """A silent ``tqdm``: iterates what it wraps; the progress calls do nothing."""

    def __init__(self, iterable: Any = None, *args: Any, total: Any = None, **kwargs: Any) -> None:
        self.iterable = iterable
        self.n = 0
        if total is None and iterable is not None and hasattr(iterable, "__len__"):
            total = len(iterable)
        self.total = total

    def __iter__(self) -> Any:
        for item in self.iterable if self.iterable is not None else ():
            yield item
            self.n += 1

    def __len__(self) -> int:
        return int(self.total or 0)

    def __enter__(self) -> "_Progress":
        return self

    def __exit__(self, *exc: Any) -> None:
        return None

    def update(self, n: Any = 1) -> None:
        self.n += n if isinstance(n, (int, float)) else 0

    def reset(self, total: Any = None) -> None:
        self.n, self.total = 0, total if total is not None else self.total

    close = clear = refresh = display = set_description = set_description_str = _quiet
    set_postfix = set_postfix_str = unpause = _quiet

    @staticmethod
    def write(text: Any, *args: Any, **kwargs: Any) -> None:
        print(text)


def _trange(*args: Any, **kwargs: Any) -> _Progress:
    return _Progress(range(*args), **kwargs)


def _install_tqdm() -> None:
    import importlib.machinery
    import importlib.util

    if "tqdm" in sys.modules or importlib.util.find_spec("tqdm") is not None:
        return  # the real one is installed: students get it
    names = ("tqdm", "tqdm.auto", "tqdm.notebook", "tqdm.std", "tqdm.autonotebook")
    modules = {name: _module(name, tqdm=_Progress, trange=_trange) for name in names}
    modules["tqdm"].__path__ = []  # a package, so "from tqdm.notebook import tqdm" resolves
    for name, module in modules.items():  # torch.hub asks importlib.util.find_spec("tqdm")
        module.__spec__ = importlib.machinery.ModuleSpec(name, None, is_package=name == "tqdm")
    for name in names[1:]:
        setattr(modules["tqdm"], name.split(".")[1], modules[name])
    sys.modules.update(modules)


# --- CUDA on a CPU grader ----------------------------------------------------------------------


def _is_cuda(value: Any) -> bool:
    import torch

    if isinstance(value, torch.device):
        return value.type == "cuda"
    return isinstance(value, str) and value.split(":")[0].strip().lower() == "cuda"


def _install_cpu_fallback() -> None:
    """``x.to('cuda')``, ``x.cuda()``, ``model.to(device)``, ``model.cuda()`` stay on the CPU
    when this grader has no usable GPU.

    Whether it has one is asked only when student code first moves something to CUDA: asking
    initialises the CUDA driver in this process, which costs time (and memory the watchdog
    counts) in every sandbox of a GPU grader whose student never uses CUDA.
    """
    import torch

    if getattr(torch.Tensor.to, _MARK, False):
        return
    said: list[bool] = []  # the note is printed once per sandbox
    known: dict[str, bool] = {}

    def no_gpu() -> bool:
        if "gpu" not in known:
            known["gpu"] = bool(torch.cuda.is_available())
        return not known["gpu"]

    def tell() -> None:
        if not said:
            said.append(True)
            _note("채점 서버에는 GPU가 없어 .to('cuda')와 .cuda()를 CPU에서 실행합니다 "
                  "(no GPU while grading: CUDA moves stay on the CPU).")

    def on_cpu(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[tuple[Any, ...], dict[str, Any]]:
        if (any(_is_cuda(a) for a in args) or _is_cuda(kwargs.get("device"))) and no_gpu():
            tell()
            args = tuple("cpu" if _is_cuda(a) else a for a in args)
            if _is_cuda(kwargs.get("device")):
                kwargs = {**kwargs, "device": "cpu"}
        return args, kwargs

    tensor_to, module_to = torch.Tensor.to, torch.nn.Module.to
    tensor_to_gpu, module_to_gpu = torch.Tensor.cuda, torch.nn.Module.cuda

    def tensor_to_cpu(self: Any, *args: Any, **kwargs: Any) -> Any:
        args, kwargs = on_cpu(args, kwargs)
        return tensor_to(self, *args, **kwargs)

    def module_to_cpu(self: Any, *args: Any, **kwargs: Any) -> Any:
        args, kwargs = on_cpu(args, kwargs)
        return module_to(self, *args, **kwargs)

    def tensor_cuda(self: Any, *args: Any, **kwargs: Any) -> Any:
        if not no_gpu():
            return tensor_to_gpu(self, *args, **kwargs)
        tell()
        return self.cpu()

    def module_cuda(self: Any, *args: Any, **kwargs: Any) -> Any:
        if not no_gpu():
            return module_to_gpu(self, *args, **kwargs)
        tell()
        return self.cpu()

    setattr(tensor_to_cpu, _MARK, True)
    torch.Tensor.to, torch.Tensor.cuda = tensor_to_cpu, tensor_cuda  # type: ignore[method-assign]
    torch.nn.Module.to, torch.nn.Module.cuda = module_to_cpu, module_cuda  # type: ignore[method-assign]


# --- torchvision datasets --------------------------------------------------------------------


def _raw_fixture(fixture_root: str, dataset: str) -> str | None:
    """The fixture's ``<dataset>/raw`` folder (for MNIST, a root that already is one too)."""
    # the sandbox passes its work folder, where fixtures sit under data/ (fixtures registry)
    candidates = [os.path.join(fixture_root, "data", dataset, "raw"),
                  os.path.join(fixture_root, dataset, "raw")]
    if dataset == "MNIST":
        candidates += [os.path.join(fixture_root, "raw"), fixture_root]
    for candidate in candidates:
        if os.path.isfile(os.path.join(candidate, "train-images-idx3-ubyte")):
            return candidate
    return None


def _link_into(source_dir: str, target_dir: str) -> None:
    os.makedirs(target_dir, exist_ok=True)
    for name in os.listdir(source_dir):
        target = os.path.join(target_dir, name)
        if os.path.lexists(target):
            continue
        try:
            os.symlink(os.path.abspath(os.path.join(source_dir, name)), target)
        except OSError:
            shutil.copyfile(os.path.join(source_dir, name), target)


def _no_network(*args: Any, **kwargs: Any) -> None:
    raise RuntimeError("채점 환경에서는 인터넷에서 데이터를 내려받을 수 없습니다 "
                       "(no network while grading; only the course's local data fixtures exist).")


def _install_dataset_redirect(fixture_root: str) -> None:
    try:
        from torchvision.datasets import mnist as mnist_module
        from torchvision.datasets import utils as dataset_utils
    except Exception:  # torchvision missing or broken: nothing to redirect
        return
    mnist_class = mnist_module.MNIST
    if getattr(mnist_class.__init__, _MARK, False):
        return
    original_init = mnist_class.__init__

    def init(self: Any, root: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, colab_path(root), *args, **kwargs)

    def download(self: Any) -> None:
        if self._check_exists():
            return
        dataset = type(self).__name__
        source = _raw_fixture(fixture_root, dataset)
        if source is None:
            _no_network()
        _link_into(source, self.raw_folder)
        _note(f"{dataset}: 인터넷 대신 채점용 로컬 데이터를 {self.raw_folder}에 연결했습니다 "
              "(served from the local fixture, not downloaded).")

    setattr(init, _MARK, True)
    mnist_class.__init__ = init
    mnist_class.download = download
    for name in ("_urlretrieve", "_get_redirect_url", "download_file_from_google_drive"):
        if hasattr(dataset_utils, name):
            setattr(dataset_utils, name, _no_network)


def install_shims(fixture_root: str) -> None:
    """Install the Colab stand-ins in this (sandbox child) process; idempotent."""
    os.environ.setdefault("MPLBACKEND", "Agg")  # plt.show() must not look for a screen
    _install_google_colab()
    _install_ipython_names(os.getcwd())  # the sandbox runs in its working folder
    _install_tqdm()
    _install_dataset_redirect(os.path.abspath(fixture_root))
    try:
        _install_cpu_fallback()
    except Exception:  # torch missing or odd: student code simply meets the real error
        pass
