import stat
import zipfile

from deepgrade.collect.zipsafe import ZipLimits, read_zip


def make_zip(path, members, *, compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_reads_members_and_skips_macos_junk(tmp_path):
    z = make_zip(tmp_path / "a.zip", {"week1/fourcal.py": "x = 1\n", "__MACOSX/._fourcal.py": "junk",
                                      "week1/.DS_Store": "junk"})
    outcome = read_zip(z)
    assert outcome.problem is None
    assert outcome.files == {"week1/fourcal.py": b"x = 1\n"}


def test_parent_path_is_refused_and_nothing_written(tmp_path):
    z = make_zip(tmp_path / "evil.zip", {"../../escaped.py": "x = 1\n"})
    outcome = read_zip(z)
    assert outcome.problem and "../" in outcome.problem
    assert outcome.files == {}
    assert not (tmp_path.parent / "escaped.py").exists()


def test_absolute_path_is_refused(tmp_path):
    z = tmp_path / "abs.zip"
    with zipfile.ZipFile(z, "w") as archive:
        info = zipfile.ZipInfo("x.py")
        info.filename = "/etc/evil.py"  # ZipInfo strips a leading '/', a hostile tool does not
        archive.writestr(info, "x = 1\n")
    assert "절대 경로" in read_zip(z).problem


def test_symlink_member_is_refused(tmp_path):
    z = tmp_path / "link.zip"
    with zipfile.ZipFile(z, "w") as archive:
        info = zipfile.ZipInfo("fourcal.py")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(info, "/etc/passwd")
    assert "심볼릭 링크" in read_zip(z).problem


def test_zip_bomb_ratio_is_refused(tmp_path):
    z = make_zip(tmp_path / "bomb.zip", {"big.py": b"\0" * (4 << 20)})
    outcome = read_zip(z)
    assert outcome.problem and "zip bomb" in outcome.problem


def test_member_count_and_total_size_caps(tmp_path):
    z = make_zip(tmp_path / "many.zip", {f"m{i}.py": "" for i in range(6)})
    assert "너무 많습니다" in read_zip(z, ZipLimits(max_members=5)).problem
    z = make_zip(tmp_path / "large.zip", {"a.py": "x" * 2000}, compression=zipfile.ZIP_STORED)
    assert "너무 큽니다" in read_zip(z, ZipLimits(max_total_bytes=1000)).problem


def test_corrupted_zip_is_an_outcome(tmp_path):
    z = tmp_path / "broken.zip"
    z.write_bytes(b"PK\x03\x04 not really a zip")
    assert "손상" in read_zip(z).problem


class _LegacyNameInfo(zipfile.ZipInfo):
    """Writes the name as CP949 bytes without the UTF-8 flag, as Korean Windows tools do."""

    def _encodeFilenameFlags(self):  # zipfile's hook for the stored name bytes
        return self.filename.encode("cp949"), self.flag_bits & ~0x800


def test_cp949_member_names_from_korean_windows(tmp_path):
    z = tmp_path / "win.zip"
    with zipfile.ZipFile(z, "w") as archive:
        info = _LegacyNameInfo("김하늘_fourcal.py")
        archive.writestr(info, "x = 1\n")
    assert list(read_zip(z).files) == ["김하늘_fourcal.py"]
