import unicodedata

from deepgrade.collect.match import RosterMatcher


def owner(roster, *parts):
    return RosterMatcher(roster).match_parts(parts)


def test_id_anywhere_as_a_whole_token(roster):
    assert owner(roster, "week1-20230001.zip").owner == "20230001"
    assert owner(roster, "20230002", "fourcal.py").owner == "20230002"
    assert owner(roster, "120230001_fourcal.py").student_ids == ()


def test_korean_name_in_messy_file_names(roster):
    assert owner(roster, "1주차_김하늘.ipynb").owner == "20230001"
    assert owner(roster, "이바다_fourcal.py").owner == "20230002"
    assert owner(roster, "제출", "김하늘", "week1", "fourcal.py").owner == "20230001"


def test_nfd_names_from_macos_match(roster):
    nfd = unicodedata.normalize("NFD", "1주차_김하늘.ipynb")
    assert nfd != "1주차_김하늘.ipynb"
    assert owner(roster, nfd).owner == "20230001"


def test_shorter_name_inside_longer_name_is_not_a_second_student(roster):
    assert owner(roster, "최민아_fourcal.py").owner == "20230006"
    assert owner(roster, "최민_fourcal.py").owner == "20230005"


def test_english_name_ignores_separators_and_case(roster):
    assert owner(roster, "jon_doe_week1.py").owner == "20230007"


def test_same_name_students_are_ambiguous_unless_the_id_settles_it(roster):
    found = owner(roster, "박서준_fourcal.py")
    assert found.ambiguous and set(found.student_ids) == {"20230003", "20230004"}
    assert "같은 이름" in found.reason
    assert owner(roster, "박서준_20230004.py").owner == "20230004"


def test_file_naming_two_students_is_ambiguous(roster):
    assert owner(roster, "김하늘_이바다.py").ambiguous
    assert owner(roster, "20230001", "이바다.py").ambiguous
    assert owner(roster, "20230001_20230002.zip").ambiguous


def test_no_match(roster):
    assert owner(roster, "fourcal.py").student_ids == ()
