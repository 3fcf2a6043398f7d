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
    colab = _module("google.colab", drive=drive, files=files, output=output)
    colab.__path__ = []  # a package, so "import google.colab.drive" resolves from sys.modules
    try:
        import google  # a real namespace package (e.g. protobuf) may exist: extend it
    except ImportError:
        google = _module("google")
        google.__path__ = []
        sys.modules["google"] = google
    google.colab = colab  # type: ignore[attr-defined]
    sys.modules.update({"google.colab": colab, "google.colab.drive": drive,
                        "google.colab.files": files, "google.colab.output": output})


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
    """``get_ipython()`` while grading: magics and shell commands do nothing."""

    def system(self, *args: Any, **kwargs: Any) -> None:
        return None

    def getoutput(self, *args: Any, **kwargs: Any) -> _ShellOutput:
        return _ShellOutput()

    def run_line_magic(self, *args: Any, **kwargs: Any) -> None:
        return None

    def run_cell_magic(self, *args: Any, **kwargs: Any) -> None:
        return None

    def magic(self, *args: Any, **kwargs: Any) -> None:
        return None

    def __getattr__(self, name: str) -> Callable[..., None]:
        if name.startswith("__"):
            raise AttributeError(name)
        return _quiet


def _display(*objects: Any, **kwargs: Any) -> None:
    for obj in objects:
        print(repr(obj))


def _install_ipython_names() -> None:
    if not hasattr(builtins, "get_ipython"):
        shell = GradingShell()
        builtins.get_ipython = lambda: shell  # type: ignore[attr-defined]
    if not hasattr(builtins, "display"):
        builtins.display = _display  # type: ignore[attr-defined]


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
    _install_ipython_names()
    _install_dataset_redirect(os.path.abspath(fixture_root))
