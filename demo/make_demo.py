"""Generate the embedded demo inbox `demo/inbox/week01/` from `solutions/week01/`.

Every student is fictional (ids and names from the repo's roster.csv). Each one shows
one thing a TA meets on a real Thursday: a perfect upload, a partial one, wrong class
names, a syntax error, late uploads, a Colab notebook, a zip, Drive's messy names and
`(1)` copies, an unmatched file, and a few hostile submissions (kept small: the huge
print is 2 MB, not 50 MB).

Git does not keep file times, so upload times go to `manifest.csv` (student,submitted_at,file).
Output is deterministic (fixed zip times, sorted rows): rerunning changes nothing.

    .venv/bin/python demo/make_demo.py          # rewrite demo/inbox/week01/
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
INBOX = REPO / "demo" / "inbox" / "week01"
FILES = ("fourcal.py", "tensor_ops.py", "data.py")
ZIP_TIME = (2022, 3, 16, 12, 0, 0)
BIG_PRINT_BYTES = 2 * 1024 * 1024  # the "50 MB print" hostile case, bounded for a repo

# Deadline: Wed 2022-03-16 23:59 KST, grace 10 minutes (course.yml).
ON_TIME = "2022-03-16 21:30:00"


def solution(name: str) -> str:
    """The reference solution as a student who solved it would submit it (markers removed)."""
    text = (SOLUTIONS / name).read_text(encoding="utf-8")
    return "".join(line for line in text.splitlines(keepends=True)
                   if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION"))


def stub(name: str) -> str:
    """The student stub as shipped: each solution block is `raise NotImplementedError()`."""
    text = (SOLUTIONS / name).read_text(encoding="utf-8")
    pattern = re.compile(r"^( *)### BEGIN SOLUTION\n.*?^ *### END SOLUTION\n", re.S | re.M)
    return pattern.sub(lambda m: f"{m.group(1)}raise NotImplementedError()\n", text)


def edit(text: str, old: str, new: str, count: int = 1) -> str:
    """Replace exactly; fail loudly if the solution changed and the variant no longer applies."""
    found = text.count(old)
    if found < count:
        raise SystemExit(f"make_demo: {old!r} not found {count}x in a week01 solution (found {found}); update the variant")
    return text.replace(old, new)


def perfect() -> dict[str, str]:
    return {name: solution(name) for name in FILES}


def notebook(sources: dict[str, str], *, colab: bool = False, broken_cell: bool = False) -> bytes:
    """One Colab-style notebook holding every file's code, top to bottom."""
    cells = [nbformat.v4.new_markdown_cell("# 1주차 과제\n클래스, 텐서, 데이터셋")]
    if colab:
        cells.append(nbformat.v4.new_code_cell("!pip install -q torchvision\n"
                                               "from google.colab import drive\ndrive.mount('/content/drive')"))
    for name in FILES:
        cells.append(nbformat.v4.new_markdown_cell(f"## {name}"))
        cells.append(nbformat.v4.new_code_cell(sources[name].rstrip("\n")))
    if broken_cell:
        # A scratch cell left in the middle: the notebook is graded top to bottom.
        cells.insert(3, nbformat.v4.new_code_cell("print(undefined_variable)"))
    cells.append(nbformat.v4.new_code_cell("calc = Fourcal(4, 2)\nprint(calc.add(), calc.div())"))
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
    files: dict[str, bytes | str]          # path under week01/ -> content
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


def write_inbox(target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    rows: list[tuple[str, str, str]] = []
    for upload in uploads():
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
    readme = ["# 데모 제출함 (가상의 학생들): demo/make_demo.py가 만든 파일입니다", ""]
    readme += [f"- {u.student or '(연결 안 됨)'}: {u.why}"
               + (f" → {DESIGNED[u.student][1]:g}점" if u.student in DESIGNED else "") for u in uploads()]
    readme += ["- 202210007, 202210023: 미제출 → 0점", ""]
    (target.parent / "README.md").write_text("\n".join(readme), encoding="utf-8")


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
        write_inbox(INBOX)
        print(f"wrote {INBOX.relative_to(REPO)}")
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch) / "inbox" / "week01"
        write_inbox(fresh)
        if not INBOX.is_dir() or not _same_tree(fresh, INBOX):
            print("demo/inbox/week01 is stale: run .venv/bin/python demo/make_demo.py", file=sys.stderr)
            return 1
    print("demo inbox is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
