"""Generate the embedded demo inbox `demo/inbox/` (weeks 1 and 8) from `solutions/`.

Every student is fictional (ids and names from the repo's roster.csv). In week 1 each one
shows one thing a TA meets on a real Thursday: a perfect upload, a partial one, wrong class
names, a syntax error, late uploads, a Colab notebook, a zip, Drive's messy names and
`(1)` copies, an unmatched file, and a few hostile submissions (kept small: the huge
print is 2 MB, not 50 MB). Week 8 is a small second week later in the term (eight uploads,
everyone else missing), so `make grade` shows two weeks side by side.

Git does not keep file times, so upload times go to `manifest.csv` (student,submitted_at,file).
Output is deterministic (fixed zip times, sorted rows): rerunning changes nothing.

    .venv/bin/python demo/make_demo.py          # rewrite demo/inbox/week01/, week08/ and README.md
    .venv/bin/python demo/make_demo.py --check  # exit 1 when the committed inbox is stale
"""
from __future__ import annotations

import argparse
import csv
import io
import re
import shutil
import sys
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, field
from filecmp import dircmp
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parent.parent
SOLUTIONS = REPO / "solutions" / "week01"
INBOX_ROOT = REPO / "demo" / "inbox"
INBOX = INBOX_ROOT / "week01"
FILES = ("fourcal.py", "tensor_ops.py", "data.py")
WEEK08_SOLUTIONS = REPO / "solutions" / "week08"
WEEK08_FILES = ("cells.py", "seq2seq.py")
ZIP_TIME = (2022, 3, 16, 12, 0, 0)
BIG_PRINT_BYTES = 2 * 1024 * 1024  # the "50 MB print" hostile case, bounded for a repo

# Deadline: Wed 2022-03-16 23:59 KST, grace 10 minutes (course.yml).
ON_TIME = "2022-03-16 21:30:00"


def solution(name: str, solutions: Path = SOLUTIONS) -> str:
    """The reference solution as a student who solved it would submit it (markers removed)."""
    text = (solutions / name).read_text(encoding="utf-8")
    return "".join(line for line in text.splitlines(keepends=True)
                   if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION"))


def stub(name: str, solutions: Path = SOLUTIONS) -> str:
    """The student stub as shipped: each solution block is `raise NotImplementedError()`."""
    text = (solutions / name).read_text(encoding="utf-8")
    pattern = re.compile(r"^( *)### BEGIN SOLUTION\n.*?^ *### END SOLUTION\n", re.S | re.M)
    return pattern.sub(lambda m: f"{m.group(1)}raise NotImplementedError()\n", text)


def edit(text: str, old: str, new: str, count: int = 1) -> str:
    """Replace exactly; fail loudly if the solution changed and the variant no longer applies."""
    found = text.count(old)
    if found < count:
        raise SystemExit(f"make_demo: {old!r} not found {count}x in a solution (found {found}); update the variant")
    return text.replace(old, new)


def perfect() -> dict[str, str]:
    return {name: solution(name) for name in FILES}


WEEK01_TITLE = "# 1주차 과제\n클래스, 텐서, 데이터셋"
WEEK01_TRY_IT = "calc = Fourcal(4, 2)\nprint(calc.add(), calc.div())"


def notebook(sources: dict[str, str], *, colab: bool = False, broken_cell: bool = False,
             files: tuple[str, ...] = FILES, title: str = WEEK01_TITLE, try_it: str = WEEK01_TRY_IT) -> bytes:
    """One Colab-style notebook holding every file's code, top to bottom, then a cell trying it."""
    cells = [nbformat.v4.new_markdown_cell(title)]
    if colab:
        cells.append(nbformat.v4.new_code_cell("!pip install -q torchvision\n"
                                               "from google.colab import drive\ndrive.mount('/content/drive')"))
    for name in files:
        cells.append(nbformat.v4.new_markdown_cell(f"## {name}"))
        cells.append(nbformat.v4.new_code_cell(sources[name].rstrip("\n")))
    if broken_cell:
        # A scratch cell left in the middle: the notebook is graded top to bottom.
        cells.insert(3, nbformat.v4.new_code_cell("print(undefined_variable)"))
    cells.append(nbformat.v4.new_code_cell(try_it))
    for number, cell in enumerate(cells):
        cell["id"] = f"cell-{number:02d}"  # nbformat picks random ids; fixed ones keep the demo reproducible
    book = nbformat.v4.new_notebook(cells=cells)
    book.metadata.update({"colab": {"provenance": []}, "kernelspec": {"name": "python3", "display_name": "Python 3"},
                          "language_info": {"name": "python"}})
    return (nbformat.writes(book) + "\n").encode("utf-8")


def zipped(members: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)
    return buffer.getvalue()


@dataclass
class Upload:
    student: str | None                    # roster id for manifest.csv; None: no manifest row
    files: dict[str, bytes | str]          # path under the week's folder (week01/, week08/) -> content
    submitted_at: str = ON_TIME
    why: str = ""
    extra_times: dict[str, str] = field(default_factory=dict)  # path -> own time (re-uploads)


# What each student was designed to earn: (status, final points of the week, late penalty
# included). `tests/reports/test_demo_inbox.py` grades the inbox and holds the engine to it.
DESIGNED: dict[str, tuple[str, float]] = {
    "202210001": ("graded", 100),  # perfect
    "202210002": ("graded", 94),   # matmul as * (public 1 + hidden 1), integer mean (1 + 3)
    "202210003": ("graded", 100),  # FourCal: letter case only, graded with a note
    "202210004": ("graded", 70),   # syntax error: fourcal.py's 30 points
    "202210005": ("late", 90),     # 100, one started day late: -10 %
    "202210006": ("late", 70),     # 100, three started days late: -30 %
    "202210007": ("missing", 0),
    "202210008": ("graded", 0),    # the stub
    "202210009": ("graded", 100),  # notebook
    "202210010": ("graded", 100),  # zip
    "202210011": ("graded", 100),  # messy names
    "202210012": ("graded", 100),  # nested folders
    "202210013": ("graded", 100),  # the later, fixed copy is graded
    "202210014": ("graded", 70),   # fourcal.py hangs at import: its 30 points
    "202210015": ("graded", 55),   # tensor_ops.py exits at its first line: its 45 points
    "202210016": ("graded", 100),  # a 2 MB print is only output
    "202210017": ("graded", 90),   # __eq__ always True: every iteration count test (1 + 1 + 3 + 3 + 2)
    "202210018": ("graded", 100),  # a broken scratch cell fails alone
    "202210019": ("graded", 100),
    "202210020": ("graded", 94),   # floor division: 650 -> 20 (1), random sizes (3), totals (2)
    "202210021": ("graded", 100),  # within the grace minutes
    "202210022": ("graded", 93),   # Child without super (3), SafeFourcal divides by zero (1 + 3)
    "202210023": ("missing", 0),
    "202210024": ("graded", 30),   # only fourcal.py
    "202210025": ("graded", 100),  # Colab notebook
    "202210026": ("error", 0),     # a zip with ../ is refused as a whole
    "202210027": ("graded", 94),   # not in place (3), device as a string (1 + 2)
    "202210028": ("graded", 25),   # empty fourcal.py; a CP949 tensor_ops.py Python cannot read
    "202210029": ("graded", 100),  # macOS zip
}


def uploads() -> list[Upload]:
    """The demo week: one entry per student (plus unmatched files), each with its reason."""
    s = perfect()
    fourcal, tensor_ops, data = s["fourcal.py"], s["tensor_ops.py"], s["data.py"]
    folder = lambda sid, files: {f"{sid}/{name}": text for name, text in files.items()}  # noqa: E731
    items = [
        Upload("202210001", folder("202210001", s), "2022-03-15 22:10:00", "perfect, canonical <id>/ folder"),
        Upload("202210002", folder("202210002", {
            **s,
            "tensor_ops.py": edit(edit(tensor_ops, "return torch.matmul(a, b)", "return a * b"),
                                  "f = t.float()", "f = t"),
        }), "2022-03-16 23:41:00", "partial: element-wise instead of matmul, integer mean"),
        Upload("202210003", folder("202210003", {
            **s, "fourcal.py": edit(edit(fourcal, "class Fourcal:", "class FourCal:"), "(Fourcal)", "(FourCal)", 2),
        }), why="the textbook's class name FourCal: graded, with a note on the page"),
        Upload("202210004", folder("202210004", {
            **s, "fourcal.py": edit(fourcal, "    def add(self):", "    def add(self)"),
        }), why="syntax error in fourcal.py; the other files still count"),
        Upload("202210005", folder("202210005", s), "2022-03-17 00:25:00", "late by 26 minutes (past the 10 min grace)"),
        Upload("202210006", folder("202210006", s), "2022-03-19 10:05:00", "late by two and a half days"),
        # 202210007 사사랑: missing (no upload at all)
        Upload("202210008", folder("202210008", {name: stub(name) for name in FILES}), "2022-03-16 19:00:00",
               "the stub as shipped (dropped on 03-18, still graded for week 1)"),
        Upload("202210009", {"1주차_마자운.ipynb": notebook(s)}, "2022-03-16 22:00:00", "notebook upload, Drive name"),
        Upload("202210010", {"week1-202210010.zip": zipped({f"week01/{n}": t for n, t in s.items()})},
               "2022-03-16 20:00:00", "zip upload with a folder inside"),
        Upload("202210011", {f"다하늬_{name}": text for name, text in s.items()}, why="messy names <이름>_fourcal.py"),
        Upload("202210012", {f"아한결/과제/1주차/{name}": text for name, text in s.items()},
               why="nested folders"),
        Upload("202210013", {
            **folder("202210013", {**s, "fourcal.py": edit(fourcal, "return self.first ** self.second",
                                                           "return self.first * self.second")}),
            "202210013/fourcal (1).py": fourcal,
        }, "2022-03-16 18:00:00", "uploaded twice: fourcal (1).py is the later, fixed copy",
            extra_times={"202210013/fourcal (1).py": "2022-03-16 23:50:00"}),
        Upload("202210014", folder("202210014", {
            **s, "fourcal.py": "# 계산이 끝날 때까지 기다려 보자\nwhile True:\n    pass\n" + fourcal,
        }), why="hostile: infinite loop at import"),
        Upload("202210015", folder("202210015", {
            **s, "tensor_ops.py": "import sys\nsys.exit(0)\n" + tensor_ops,
        }), why="hostile: sys.exit at import"),
        Upload("202210016", folder("202210016", {
            **s, "data.py": f"print('데이터 로딩 중...' * {BIG_PRINT_BYTES // 20})\n" + data,
        }), why="hostile: a 2 MB print at import (output is capped)"),
        Upload("202210017", folder("202210017", {
            **s, "data.py": data + (
                "\n\nclass _Always:\n    def __eq__(self, other):\n        return True\n\n"
                "    def __ne__(self, other):\n        return False\n\n\n"
                "def iterations_per_epoch(n_samples, batch_size):\n    return _Always()\n\n\n"
                "def total_iterations(n_samples, batch_size, epochs):\n    return _Always()\n"),
        }), why="hostile: __eq__ always True instead of the arithmetic"),
        Upload("202210018", {unicodedata.normalize("NFD", "1주차_나이음.ipynb"): notebook(s, broken_cell=True)},
               "2022-03-16 23:58:00", "notebook named in NFD (macOS), a broken scratch cell in the middle"),
        Upload("202210019", folder("202210019", s), "2022-03-14 13:00:00", "perfect; dropped later (03-29)"),
        Upload("202210020", folder("202210020", {
            **s, "data.py": edit(data, "return -(-n_samples // batch_size)", "return n_samples // batch_size"),
        }), why="partial: floor instead of ceiling for the last batch"),
        Upload("202210021", folder("202210021", s), "2022-03-17 00:05:00", "6 minutes late: within the grace"),
        Upload("202210022", folder("202210022", {
            **s, "fourcal.py": edit(edit(fourcal, "super(Child, self).__init__(p1, p2)", "self.p1 = p1\n        self.p2 = p2"),
                                    "        if self.second == 0:\n            return 0\n", ""),
        }), why="partial: Child without super(), SafeFourcal divides by zero"),
        # 202210023 다단비: missing
        Upload("202210024", folder("202210024", {"fourcal.py": fourcal}), why="only fourcal.py uploaded"),
        Upload("202210025", {"202210025/Copy of week01.ipynb": notebook(s, colab=True)}, "2022-03-16 23:30:00",
               "Colab notebook with !pip and drive.mount cells"),
        Upload("202210026", {"week1_바별하.zip": zipped({**{n: t for n, t in s.items()},
                                                       "../../escape.py": "print('zip slip')\n"})},
               "2022-03-16 21:00:00", "zip with a ../ path (must not escape)"),
        Upload("202210027", folder("202210027", {
            **s, "tensor_ops.py": edit(edit(tensor_ops, "    t.mul_(2)\n    return t", "    return t * 2"),
                                       'return torch.device("cpu")', 'return "cpu"'),
        }), why="partial: not in place, device as a string"),
        Upload("202210028", folder("202210028", {
            **s, "fourcal.py": "",
            "tensor_ops.py": tensor_ops.encode("cp949"),
        }), why="empty fourcal.py and a cp949 (not UTF-8) tensor_ops.py"),
        Upload("202210029", {"자초롱_1주차.zip": zipped({
            **{f"1주차/{n}": t for n, t in s.items()},
            "__MACOSX/1주차/._fourcal.py": b"\x00\x05\x16\x07 mac resource fork",
        })}, "2022-03-16 12:00:00", "zip made on macOS (__MACOSX entries)"),
        Upload("202190001", folder("202190001", s), "2022-03-13 10:00:00", "staff's own test upload: not graded"),
        Upload(None, {"무제 문서.txt": "다음 주 스터디 장소: 도서관 3층\n",
                      "final_최종_진짜최종.py": fourcal}, why="unmatched: names no student"),
    ]
    return items


# Week 8 (session 05-12; deadline Wed 2022-05-18 23:59 KST): a small second week, later in the
# term. Everyone on the roster still active then and not listed here is missing.
WEEK08_ON_TIME = "2022-05-18 21:00:00"
WEEK08_TITLE = "# 8주차 과제\nRNN, LSTM, GRU 셀과 Seq2Seq"
WEEK08_TRY_IT = 'print(train_char_rnn("hihello", 100, torch.Generator().manual_seed(0)))'
DESIGNED_WEEK08: dict[str, tuple[str, float]] = {
    "202210001": ("graded", 100),  # perfect
    "202210002": ("graded", 100),  # Colab notebook
    "202210006": ("late", 90),     # 100, one started day late: -10 %
    "202210010": ("graded", 100),  # zip
    "202210013": ("graded", 83),   # the textbook's GRU candidate: its public test (3) and both GRU graders (10 + 4)
    "202210014": ("graded", 0),    # the stub
    "202210020": ("graded", 88),   # torch.rnn_tanh_cell inside rnn_cell: the watch fails both RNN graders (8 + 4)
    "202210025": ("graded", 88),   # char-RNN without zero_grad: learns nothing, "hihello" (4) and the random strings (8)
}


def week08_uploads() -> list[Upload]:
    """The demo's week 8: one entry per uploading student, each with its reason."""
    s = {name: solution(name, WEEK08_SOLUTIONS) for name in WEEK08_FILES}
    cells, seq2seq = s["cells.py"], s["seq2seq.py"]
    folder = lambda sid, files: {f"{sid}/{name}": text for name, text in files.items()}  # noqa: E731
    return [
        Upload("202210001", folder("202210001", s), "2022-05-17 20:00:00", "perfect"),
        Upload("202210002", {"8주차_바나래.ipynb": notebook(s, colab=True, files=WEEK08_FILES, title=WEEK08_TITLE,
                                                         try_it=WEEK08_TRY_IT)},
               "2022-05-18 22:30:00", "Colab notebook, with a cell trying the char-RNN"),
        Upload("202210006", folder("202210006", s), "2022-05-19 09:40:00", "late by ten hours (one started day)"),
        Upload("202210010", {"week8-202210010.zip": zipped({f"week08/{n}": t for n, t in s.items()})},
               WEEK08_ON_TIME, "zip upload with a folder inside"),
        Upload("202210013", folder("202210013", {**s, "cells.py": edit(
            cells, "    n = torch.tanh(i_n + r * h_n)\n",
            "    W_hn, b_hn = W_hh[2 * h.shape[1]:], (0 if b_hh is None else b_hh[2 * h.shape[1]:])\n"
            "    n = torch.tanh(i_n + (r * h) @ W_hn.T + b_hn)  # 교과서의 식\n")}),
               WEEK08_ON_TIME, "partial: the textbook's GRU candidate (reset gate before W_hn), not torch's"),
        Upload("202210014", folder("202210014", {name: stub(name, WEEK08_SOLUTIONS) for name in WEEK08_FILES}),
               "2022-05-18 12:00:00", "the stub as shipped"),
        Upload("202210020", folder("202210020", {**s, "cells.py": edit(
            cells, "    return torch.tanh(F.linear(x, W_ih, b_ih) + F.linear(h, W_hh, b_hh))",
            "    return torch.rnn_tanh_cell(x, h, W_ih, W_hh, b_ih, b_hh)")}),
               "2022-05-16 23:00:00", "torch's own cell inside rnn_cell (forbidden: the watch names it)"),
        Upload("202210025", folder("202210025", {**s, "seq2seq.py": edit(seq2seq, "        optimizer.zero_grad()\n", "")}),
               "2022-05-18 23:55:00", "partial: the char-RNN's training loop without zero_grad(), minutes before the deadline"),
    ]


def write_week(target: Path, items: list[Upload]) -> None:
    """One week's uploads and its manifest.csv, into an emptied ``target``."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    rows: list[tuple[str, str, str]] = []
    for upload in items:
        for path, content in upload.files.items():
            out = target / path
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
            if upload.student:
                # The manifest is typed (or exported from a Google Form): NFC, even for an NFD file name.
                rows.append((upload.student, upload.extra_times.get(path, upload.submitted_at),
                             unicodedata.normalize("NFC", path)))
    with open(target / "manifest.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["student", "submitted_at", "file"])
        writer.writerows(sorted(rows))


def _readme_lines(items: list[Upload], designed: dict[str, tuple[str, float]]) -> list[str]:
    return [f"- {u.student or '(연결 안 됨)'}: {u.why}"
            + (f" → {designed[u.student][1]:g}점" if u.student in designed else "") for u in items]


def write_inbox(root: Path) -> None:
    """Both demo weeks and the inbox's README.md into ``root`` (demo/inbox)."""
    root.mkdir(parents=True, exist_ok=True)
    write_week(root / "week01", uploads())
    write_week(root / "week08", week08_uploads())
    readme = ["# 데모 제출함 (가상의 학생들): demo/make_demo.py가 만든 파일입니다", "", "## 1주차 (week01/)", ""]
    readme += _readme_lines(uploads(), DESIGNED)
    readme += ["- 202210007, 202210023: 미제출 → 0점", "", "## 8주차 (week08/)", ""]
    readme += _readme_lines(week08_uploads(), DESIGNED_WEEK08)
    readme += ["- 그 밖의 학생(그때까지 하차하지 않은): 미제출 → 0점", ""]
    (root / "README.md").write_text("\n".join(readme), encoding="utf-8")


def _same_tree(a: Path, b: Path) -> bool:
    compare = dircmp(a, b)
    if compare.left_only or compare.right_only or compare.diff_files or compare.funny_files:
        return False
    return all(_same_tree(a / sub, b / sub) for sub in compare.common_dirs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed inbox, write nothing")
    args = parser.parse_args(argv)
    if not args.check:
        write_inbox(INBOX_ROOT)
        print(f"wrote {INBOX_ROOT.relative_to(REPO)} (week01, week08, README.md)")
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch) / "inbox"
        write_inbox(fresh)
        stale = [name for name in ("week01", "week08") if not (INBOX_ROOT / name).is_dir()
                 or not _same_tree(fresh / name, INBOX_ROOT / name)]
        readme = INBOX_ROOT / "README.md"
        if not readme.is_file() or readme.read_bytes() != (fresh / "README.md").read_bytes():
            stale.append("README.md")
        if stale:
            print(f"demo/inbox is stale ({', '.join(stale)}): run .venv/bin/python demo/make_demo.py", file=sys.stderr)
            return 1
    print("demo inbox is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
