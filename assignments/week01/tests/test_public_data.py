"""공개 테스트: 배치 / 에폭 / 이터레이션 계산 (슬라이드 예제)."""
import pytest

try:
    from deepgrade.grading.compare import assert_matches
except ImportError:  # plain pytest or Colab, without deepgrade: the same helper, shipped with the tests
    from deepgrade_compare import assert_matches

pytestmark = [pytest.mark.problem("data"), pytest.mark.visibility("visible")]


@pytest.mark.points(1)
def test_iterations_per_epoch_slide(student):
    """640개, batch size 32 -> 1 epoch당 20 iteration"""
    assert_matches(student.iterations_per_epoch(640, 32), 20, name="iterations_per_epoch(640, 32)")


@pytest.mark.points(1)
def test_iterations_count_the_last_partial_batch(student):
    """650개, batch size 32 -> 21 iteration (덜 찬 마지막 배치도 1번으로 셉니다)"""
    assert_matches(student.iterations_per_epoch(650, 32), 21, name="iterations_per_epoch(650, 32)")


@pytest.mark.points(3)
def test_total_iterations_slide(student):
    """BATCH_SIZE = 32, EPOCHS = 10으로 640개를 학습하면 총 200 iteration"""
    # The constants are given in the stub: checked here, together with the student's own
    # arithmetic, so that the untouched stub earns nothing.
    assert_matches(student.BATCH_SIZE, 32, name="BATCH_SIZE")
    assert_matches(student.EPOCHS, 10, name="EPOCHS")
    assert_matches(student.total_iterations(640, student.BATCH_SIZE, student.EPOCHS), 200,
                   name="total_iterations(640, BATCH_SIZE, EPOCHS)")
