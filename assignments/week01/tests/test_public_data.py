"""공개 테스트: 배치 / 에폭 / 이터레이션 계산 (슬라이드 예제)."""
import pytest

pytestmark = [pytest.mark.problem("data"), pytest.mark.visibility("visible")]


@pytest.mark.points(2)
def test_iterations_per_epoch_slide(student):
    """640개, batch size 32 -> 1 epoch당 20 iteration"""
    assert student.iterations_per_epoch(640, 32) == 20


@pytest.mark.points(3)
def test_total_iterations_slide(student):
    """BATCH_SIZE = 32, EPOCHS = 10으로 640개를 학습하면 총 200 iteration"""
    # The constants are given in the stub: checked here, together with the student's own
    # arithmetic, so that the untouched stub earns nothing.
    assert student.BATCH_SIZE == 32, "BATCH_SIZE는 32여야 합니다"
    assert student.EPOCHS == 10, "EPOCHS는 10이어야 합니다"
    assert student.total_iterations(640, student.BATCH_SIZE, student.EPOCHS) == 200
