"""Week 3: careless and adversarial submissions score exactly what they earn, test by test."""
from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.slow

ADAM = ["config.setdefault('learning_rate', 1e-3)", "config.setdefault('beta1', 0.9)",
        "config.setdefault('beta2', 0.999)", "config.setdefault('epsilon', 1e-8)",
        "m = config.get('m')", "v = config.get('v')",
        "m = torch.zeros_like(w) if m is None else m", "v = torch.zeros_like(w) if v is None else v",
        "t = config.get('t', 0) + 1", "beta1, beta2 = config['beta1'], config['beta2']",
        "m = beta1 * m + (1 - beta1) * dw", "v = beta2 * v + (1 - beta2) * dw * dw",
        "m_hat = m // (1 - beta1 ** t)", "v_hat = v / (1 - beta2 ** t)", "config.update(m=m, v=v, t=t)",
        "return w - config['learning_rate'] * m_hat / (torch.sqrt(v_hat) + config['epsilon']), config"]
CS231N_MOMENTUM = ["config.setdefault('learning_rate', 1e-2)", "config.setdefault('momentum', 0.9)",
                   "velocity = config.get('velocity')", "velocity = torch.zeros_like(w) if velocity is None else velocity",
                   "velocity = config['momentum'] * velocity - config['learning_rate'] * dw",
                   "config['velocity'] = velocity", "return w + velocity, config"]
BATCHNORM_BIASED = ["eps = bn_param.setdefault('eps', 1e-5)", "momentum = bn_param.setdefault('momentum', 0.1)",
                    "d = x.shape[1]", "if bn_param.get('running_mean') is None:",
                    "    bn_param['running_mean'] = torch.zeros(d, dtype=x.dtype)",
                    "if bn_param.get('running_var') is None:",
                    "    bn_param['running_var'] = torch.ones(d, dtype=x.dtype)",
                    "if bn_param['mode'] == 'train':", "    mean, var = x.mean(dim=0), x.var(dim=0, unbiased=False)",
                    "    bn_param['running_mean'] = (1 - momentum) * bn_param['running_mean'] + momentum * mean",
                    "    bn_param['running_var'] = (1 - momentum) * bn_param['running_var'] + momentum * var",
                    "else:", "    mean, var = bn_param['running_mean'], bn_param['running_var']",
                    "return gamma * (x - mean) / torch.sqrt(var + eps) + beta, bn_param"]


def test_answers_copied_from_the_public_tests_earn_only_the_public_points(copied_public_answers: Any) -> None:
    assert copied_public_answers(3).points == 20


@pytest.mark.parametrize("case, file, changes, failing", [
    ("// for / in Adam's bias correction", "optim.py", {"adam": ADAM},
     {"test_adam_first_step_is_about_the_learning_rate": "", "test_adam_matches_torch_for_several_steps": "next_w",
      "test_adam_defaults_and_step_count": "next_w"}),
    ("the CS231n velocity (same weights only while the learning rate stays)", "optim.py",
     {"sgd_momentum": CS231N_MOMENTUM},
     {"test_sgd_momentum_matches_torch_for_several_steps": "4번째 단계의 next_w"}),
    ("improvement counted on ties", "optim.py", {"early_stop_epoch": [
        "best, waited = None, 0", "for epoch, loss in enumerate(val_losses):",
        "    if best is None or loss <= best:", "        best, waited = loss, 0", "    else:",
        "        waited += 1", "        if waited >= patience:", "            return epoch",
        "return len(val_losses) - 1"]},
     {"test_early_stop_epoch_random_curves": "early_stop_epoch("}),
    ("a missing return", "regularization.py", {"l2_penalty": [
        "total = sum((p ** 2).sum() for p in model.parameters())", "weight_decay / 2 * total"]},
     {"test_l2_penalty_counts_weights_and_biases": "",
      "test_l2_penalty_value_and_gradient": "숫자 하나를 반환해야 합니다 (받은 값: None)"}),
    ("another reading of the random call", "regularization.py", {"dropout": [
        "if not train:", "    return x", "if p >= 1:", "    return torch.zeros_like(x)",
        "u = torch.rand(x.shape, generator=generator, dtype=x.dtype)",
        "return torch.where(u < 1 - p, x / (1 - p), torch.zeros_like(x))"]},
     {"test_dropout_exact_for_a_generator": "dropout(x, p=0.2, train=True)"}),
    ("the biased variance in the running statistics", "regularization.py", {"batchnorm_forward": BATCHNORM_BIASED},
     {"test_batchnorm_train_step_matches_batchnorm1d": "running_var",
      "test_batchnorm_several_steps_then_eval": "running_var"}),
    ("He initialisation drawn uniformly", "regularization.py", {"init_linear": [
        "if scheme == 'he':", "    nn.init.kaiming_uniform_(layer.weight, nonlinearity='relu')",
        "else:", "    nn.init.xavier_uniform_(layer.weight)", "with torch.no_grad():", "    layer.bias.zero_()",
        "return layer"]},
     {"test_init_linear_statistics_on_a_large_layer": "'he': 정규분포가 아닙니다"}),
])
def test_careless_submission_loses_exactly_its_tests(case: str, file: str, changes: dict[str, list[str]],
                                                     failing: dict[str, str], grade: Any, submission: Any,
                                                     points_of: Any, check_case: Any) -> None:
    check_case(grade(3, submission(3, {file: changes})), points_of(3), failing)
