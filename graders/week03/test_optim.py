"""Hidden graders for problem `optim` (40 points; the public tests add 10 -> 50).

The optimisers are run several consecutive steps against ``torch.optim`` on seeded random
float64 tensors, passing each step's returned config to the next, with the learning rate
changed between steps (as a scheduler would); the schedule against ``StepLR``; early
stopping against the reference on sequences with ties and plateaus.
"""
import pytest
import torch

from deepgrade.grading.compare import assert_matches, assert_relative_error

pytestmark = pytest.mark.problem("optim")


def _shape(seed):
    return tuple(int(v) for v in torch.randint(2, 6, (2,), generator=seed))


def _uniform(seed, low, high):
    return low + (high - low) * float(torch.rand(1, generator=seed, dtype=torch.float64))


def _run_torch(optimizer_class, w, grads, learning_rates, **options):
    """The weights after each step of a torch optimiser given these gradients and rates."""
    parameter = torch.nn.Parameter(w.clone())
    optimizer = optimizer_class([parameter], lr=learning_rates[0], **options)
    weights = []
    for grad, rate in zip(grads, learning_rates):
        optimizer.param_groups[0]["lr"] = rate
        parameter.grad = grad.clone()
        optimizer.step()
        weights.append(parameter.detach().clone())
    return weights


def _run_student(step, w, grads, learning_rates, config, name):
    weights = []
    for index, (grad, rate) in enumerate(zip(grads, learning_rates)):
        config = dict(config)
        config["learning_rate"] = rate
        result = step(w, grad, config)
        assert isinstance(result, (tuple, list)) and len(result) == 2, f"{name}는 (next_w, config)를 반환해야 합니다"
        w, config = result
        assert isinstance(config, dict), f"{name}가 반환한 config가 딕셔너리가 아닙니다 ({index + 1}번째 단계)"
        weights.append(w)
    return weights


def _steps(seed, count):
    shape = _shape(seed)
    w = torch.randn(*shape, generator=seed, dtype=torch.float64)
    grads = [torch.randn(*shape, generator=seed, dtype=torch.float64) for _ in range(count)]
    return w, grads


@pytest.mark.points(10)
def test_sgd_momentum_matches_torch_for_several_steps(student, seed):
    """sgd_momentum: 여러 단계 연속으로 torch.optim.SGD(momentum)와 같은 가중치 (중간에 학습률 변경)"""
    for _ in range(2):
        w, grads = _steps(seed, 5)
        momentum = _uniform(seed, 0.5, 0.95)
        rates = [_uniform(seed, 0.01, 0.2)] * 3 + [_uniform(seed, 0.01, 0.2)] * 2
        want = _run_torch(torch.optim.SGD, w, grads, rates, momentum=momentum)
        got = _run_student(student.sgd_momentum, w, grads, rates, {"momentum": momentum}, "sgd_momentum")
        for step, (g, e) in enumerate(zip(got, want), start=1):
            assert_relative_error(g, e, name=f"{step}번째 단계의 next_w")


@pytest.mark.points(3)
def test_sgd_momentum_defaults(student, seed):
    """sgd_momentum: 빈 config에서 기본값(learning_rate 1e-2, momentum 0.9)으로 두 단계"""
    w, grads = _steps(seed, 2)
    want = _run_torch(torch.optim.SGD, w, grads, [1e-2, 1e-2], momentum=0.9)
    config = {}
    for step, (grad, expected) in enumerate(zip(grads, want), start=1):
        w, config = student.sgd_momentum(w, grad, config)
        assert_relative_error(w, expected, name=f"{step}번째 단계의 next_w")


@pytest.mark.points(12)
def test_adam_matches_torch_for_several_steps(student, seed):
    """adam: 여러 단계 연속으로 torch.optim.Adam과 같은 가중치 (베타, 엡실론, 학습률 변경 포함)"""
    cases = [{}, {"beta1": _uniform(seed, 0.5, 0.9), "beta2": _uniform(seed, 0.9, 0.99),
                  "epsilon": _uniform(seed, 1e-4, 1e-2)}]
    for options in cases:
        w, grads = _steps(seed, 6)
        rates = [_uniform(seed, 1e-3, 0.1)] * 4 + [_uniform(seed, 1e-3, 0.1)] * 2
        betas = (options.get("beta1", 0.9), options.get("beta2", 0.999))
        want = _run_torch(torch.optim.Adam, w, grads, rates, betas=betas, eps=options.get("epsilon", 1e-8))
        got = _run_student(student.adam, w, grads, rates, options, "adam")
        for step, (g, e) in enumerate(zip(got, want), start=1):
            assert_relative_error(g, e, name=f"{step}번째 단계의 next_w")


@pytest.mark.points(3)
def test_adam_defaults_and_step_count(student, seed):
    """adam: 빈 config에서 기본값으로 시작하고 t는 단계마다 1씩 늘어남 (첫 단계 t = 1)"""
    w, grads = _steps(seed, 3)
    want = _run_torch(torch.optim.Adam, w, grads, [1e-3] * 3)
    config = {}
    for step, (grad, expected) in enumerate(zip(grads, want), start=1):
        w, config = student.adam(w, grad, config)
        assert_relative_error(w, expected, name=f"{step}번째 단계의 next_w")
        assert_matches(config.get("t"), step, name=f"{step}번째 단계 뒤의 config['t']")


@pytest.mark.points(6)
def test_step_lr_matches_torch_step_lr(student, seed):
    """step_lr: 무작위 base_lr, step_size, gamma에서 StepLR과 같은 float 학습률 (0번째 에폭부터)"""
    for _ in range(3):
        base_lr, gamma = _uniform(seed, 0.01, 1.0), _uniform(seed, 0.1, 0.9)
        step_size = int(torch.randint(1, 5, (1,), generator=seed))
        optimizer = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=base_lr)
        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=step_size, gamma=gamma)
        for epoch in range(12):
            want = scheduler.get_last_lr()[0]
            got = student.step_lr(epoch, base_lr, step_size, gamma)
            assert isinstance(got, float), f"step_lr는 float를 반환해야 합니다 (받은 값: {got!r})"
            assert_matches(got, want, name=f"step_lr({epoch}, {base_lr:.4g}, {step_size}, {gamma:.4g})",
                           rtol=1e-9, atol=1e-12)
            optimizer.step()
            scheduler.step()


def _losses(seed):
    """A validation curve with plateaus: repeated values (ties) and rises."""
    count = int(torch.randint(4, 12, (1,), generator=seed))
    steps = torch.randint(-2, 3, (count,), generator=seed).tolist()
    level, losses = 10, []
    for change in steps:
        level = max(1, level + change)
        losses.append(float(level) / 4)
    return losses


@pytest.mark.points(6)
def test_early_stop_epoch_random_curves(student, reference, seed):
    """early_stop_epoch: 같은 값(개선 아님)과 정체가 있는 곡선, 여러 patience에서 기준 구현과 같은 에폭"""
    cases = [(_losses(seed), int(torch.randint(1, 4, (1,), generator=seed))) for _ in range(8)]
    cases += [([2.0, 1.0, 1.0, 1.0], 2), ([5.0, 4.0, 3.0, 2.0, 1.0], 1)]
    for losses, patience in cases:
        assert_matches(student.early_stop_epoch(losses, patience), reference.early_stop_epoch(losses, patience),
                       name=f"early_stop_epoch({losses}, {patience})")
