"""A small week of fictional submissions for the similarity tests: the stub, six solutions
written independently (different people, different habits), and helpers that plant copies."""
from __future__ import annotations

import re

STUB = '''\
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


def set_seed(seed=0):
    """Given: fixes the random numbers so results repeat."""
    torch.manual_seed(seed)


def make_loader(x, y, batch_size=32, shuffle=True):
    """Given: wraps tensors in a DataLoader."""
    dataset = TensorDataset(x, y)
    return DataLoader(dataset, batch_size=batch_size, shuffle=shuffle)


def standardize(x):
    """Return x with mean 0 and standard deviation 1 per column."""
    raise NotImplementedError()


def accuracy(logits, labels):
    """Fraction of rows whose largest logit is the label."""
    raise NotImplementedError()


class MLP(nn.Module):
    """in_features -> hidden -> hidden -> classes, ReLU between the layers."""

    def __init__(self, in_features, hidden, classes):
        super().__init__()
        raise NotImplementedError()

    def forward(self, x):
        raise NotImplementedError()


def train_one_epoch(model, loader, optimizer, loss_fn):
    """One pass over loader; return the mean loss."""
    raise NotImplementedError()


def evaluate(model, loader):
    """Accuracy of model over loader, without gradients."""
    raise NotImplementedError()
'''

GIVEN = STUB.split("def standardize")[0]   # what every student keeps as it is

HONEST = {
    "202210001": GIVEN + '''
def standardize(x):
    mean = x.mean(dim=0, keepdim=True)
    std = x.std(dim=0, keepdim=True)
    return (x - mean) / std


def accuracy(logits, labels):
    predicted = logits.argmax(dim=1)
    return (predicted == labels).float().mean().item()


class MLP(nn.Module):
    def __init__(self, in_features, hidden, classes):
        super().__init__()
        self.layers = nn.Sequential(
            nn.Linear(in_features, hidden), nn.ReLU(),
            nn.Linear(hidden, hidden), nn.ReLU(),
            nn.Linear(hidden, classes),
        )

    def forward(self, x):
        return self.layers(x)


def train_one_epoch(model, loader, optimizer, loss_fn):
    model.train()
    total = 0.0
    for inputs, targets in loader:
        optimizer.zero_grad()
        loss = loss_fn(model(inputs), targets)
        loss.backward()
        optimizer.step()
        total += loss.item()
    return total / len(loader)


def evaluate(model, loader):
    model.eval()
    correct, count = 0, 0
    with torch.no_grad():
        for inputs, targets in loader:
            correct += (model(inputs).argmax(1) == targets).sum().item()
            count += len(targets)
    return correct / count
''',
    "202210002": GIVEN + '''
def standardize(x):
    # 열마다 평균을 빼고 표준편차로 나눈다
    centered = x - torch.mean(x, 0)
    return centered / torch.std(x, 0)


def accuracy(logits, labels):
    hits = 0
    for row, label in zip(logits, labels):
        if int(torch.argmax(row)) == int(label):
            hits = hits + 1
    return hits / len(labels)


class MLP(nn.Module):
    def __init__(self, in_features, hidden, classes):
        super().__init__()
        self.fc1 = nn.Linear(in_features, hidden)
        self.fc2 = nn.Linear(hidden, hidden)
        self.out = nn.Linear(hidden, classes)
        self.act = nn.ReLU()

    def forward(self, x):
        h = self.act(self.fc1(x))
        h = self.act(self.fc2(h))
        return self.out(h)


def train_one_epoch(model, loader, optimizer, loss_fn):
    model.train()
    losses = []
    for batch_x, batch_y in loader:
        prediction = model(batch_x)
        loss = loss_fn(prediction, batch_y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(float(loss))
    return sum(losses) / len(losses)


def evaluate(model, loader):
    model.eval()
    scores = []
    with torch.no_grad():
        for batch_x, batch_y in loader:
            scores.append(accuracy(model(batch_x), batch_y) * len(batch_y))
    return sum(scores) / len(loader.dataset)
''',
    "202210003": GIVEN + '''
def standardize(x):
    m, s = x.mean(0), x.std(0)
    s = torch.where(s == 0, torch.ones_like(s), s)
    return (x - m) / s


def accuracy(logits, labels):
    return torch.sum(torch.argmax(logits, dim=-1) == labels).item() / labels.shape[0]


class MLP(nn.Module):
    def __init__(self, in_features, hidden, classes):
        super(MLP, self).__init__()
        sizes = [in_features, hidden, hidden]
        blocks = []
        for a, b in zip(sizes[:-1], sizes[1:]):
            blocks += [nn.Linear(a, b), nn.ReLU()]
        blocks.append(nn.Linear(hidden, classes))
        self.net = nn.Sequential(*blocks)

    def forward(self, x):
        x = x.view(x.size(0), -1)
        return self.net(x)


def train_one_epoch(model, loader, optimizer, loss_fn):
    model.train(True)
    running, steps = 0.0, 0
    for step, (xb, yb) in enumerate(loader):
        optimizer.zero_grad(set_to_none=True)
        out = model(xb)
        l = loss_fn(out, yb)
        l.backward()
        optimizer.step()
        running += l.detach().item()
        steps = step + 1
    return running / max(steps, 1)


@torch.no_grad()
def evaluate(model, loader):
    model.train(False)
    right = total = 0
    for xb, yb in loader:
        guess = model(xb).max(dim=1).indices
        right += int((guess == yb).sum())
        total += yb.numel()
    return right / total
''',
    "202210004": GIVEN + '''
def accuracy(logits, labels):
    """내가 쓴 정확도"""
    correct = logits.argmax(axis=1).eq(labels)
    return correct.sum().item() / correct.numel()


def standardize(x):
    mu = x.mean(axis=0)
    sigma = ((x - mu) ** 2).mean(axis=0).sqrt()
    return (x - mu) / (sigma + 1e-8)


class MLP(nn.Module):
    def __init__(self, in_features, hidden, classes):
        super().__init__()
        self.hidden1 = nn.Linear(in_features, hidden)
        self.hidden2 = nn.Linear(hidden, hidden)
        self.classifier = nn.Linear(hidden, classes)

    def forward(self, x):
        x = torch.relu(self.hidden1(x))
        x = torch.relu(self.hidden2(x))
        x = self.classifier(x)
        return x


def evaluate(model, loader):
    model.eval()
    accs, sizes = [], []
    for data, label in loader:
        with torch.no_grad():
            logits = model(data)
        accs.append(accuracy(logits, label))
        sizes.append(len(label))
    weighted = sum(a * n for a, n in zip(accs, sizes))
    return weighted / sum(sizes)


def train_one_epoch(model, loader, optimizer, loss_fn):
    model.train()
    epoch_loss = 0
    n = 0
    for data, label in loader:
        logits = model(data)
        loss = loss_fn(logits, label)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        epoch_loss += loss.item() * len(label)
        n += len(label)
    return epoch_loss / n
''',
    "202210005": GIVEN + '''
def standardize(x):
    return (x - x.mean(0)) / x.std(0, unbiased=True)


def accuracy(logits, labels):
    _, best = torch.max(logits, 1)
    return (best == labels).double().mean().item()


class MLP(nn.Module):
    def __init__(self, in_features, hidden, classes):
        super().__init__()
        self.model = nn.Sequential()
        self.model.add_module("linear1", nn.Linear(in_features, hidden))
        self.model.add_module("relu1", nn.ReLU())
        self.model.add_module("linear2", nn.Linear(hidden, hidden))
        self.model.add_module("relu2", nn.ReLU())
        self.model.add_module("linear3", nn.Linear(hidden, classes))

    def forward(self, x):
        return self.model.forward(x)


def train_one_epoch(model, loader, optimizer, loss_fn):
    model.train()
    history = torch.zeros(len(loader))
    i = 0
    while i < len(loader):
        for features, target in loader:
            optimizer.zero_grad()
            cost = loss_fn(model.forward(features), target)
            cost.backward()
            optimizer.step()
            history[i] = cost.item()
            i += 1
    return history.mean().item()


def evaluate(model, loader):
    model.eval()
    predictions, answers = [], []
    with torch.no_grad():
        for features, target in loader:
            predictions.append(model(features))
            answers.append(target)
    return accuracy(torch.cat(predictions), torch.cat(answers))
''',
    "202210006": GIVEN + '''
def standardize(x):
    out = torch.empty_like(x)
    for col in range(x.shape[1]):
        column = x[:, col]
        out[:, col] = (column - column.mean()) / column.std()
    return out


def accuracy(logits, labels):
    matches = torch.eq(logits.argmax(-1), labels)
    return matches.float().sum().item() / float(len(matches))


class MLP(nn.Module):
    def __init__(self, in_features, hidden, classes):
        super().__init__()
        self.first = nn.Linear(in_features, hidden)
        self.second = nn.Linear(hidden, hidden)
        self.last = nn.Linear(hidden, classes)
        self.relu = nn.ReLU(inplace=False)

    def forward(self, x):
        return self.last(self.relu(self.second(self.relu(self.first(x)))))


def train_one_epoch(model, loader, optimizer, loss_fn):
    model.train()
    total_loss, batches = 0.0, 0
    for x, y in iter(loader):
        loss = loss_fn(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total_loss += loss.item()
        batches += 1
    print("epoch loss", total_loss / batches)
    return total_loss / batches


def evaluate(model, loader):
    was_training = model.training
    model.eval()
    good, seen = 0, 0
    with torch.no_grad():
        for x, y in loader:
            good += (model(x).argmax(dim=1) == y).sum().item()
            seen += y.size(0)
    model.train(was_training)
    return good / seen
''',
}


def rename(code: str, names: dict[str, str]) -> str:
    """Every whole-word occurrence of each name replaced (what a copier's find-and-replace does)."""
    for old, new in names.items():
        code = re.sub(rf"\b{re.escape(old)}\b", new, code)
    return code


def reorder(code: str) -> str:
    """The top-level functions and classes after the given code, in reverse order."""
    head, _, rest = code.partition("\ndef standardize")
    blocks = re.split(r"\n(?=(?:def|class) )", "def standardize" + rest)
    return head + "\n" + "\n".join(reversed([b.rstrip("\n") + "\n" for b in blocks]))


def recomment(code: str) -> str:
    """Comments and docstrings changed, blank lines added: what hides nothing from tokens."""
    code = re.sub(r"#[^\n]*", "# 내가 직접 작성함", code)
    return code.replace("\n    model.train", "\n\n    # 학습 모드\n    model.train")
