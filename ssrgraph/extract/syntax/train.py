"""The recipe that trains ssrgraph's tagger and parser from UD English EWT.

    python -m ssrgraph.extract.syntax.train --treebank ../shared/data/ud-english-ewt

converts the treebank's train, dev and test files with ``spacy convert
--converter conllu``, trains ``config.cfg`` beside this file with ``spacy
train`` (fixed seed, one CPU core), and copies the best pipeline into the
package (``ssrgraph/extract/syntax/pipeline``) with a ``training.json``
that records the data, steps and wall time. The treebank itself is never
copied into the package. ``make parser`` runs the same.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import spacy

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "config.cfg"
PIPELINE = HERE / "pipeline"
SPLITS = ("train", "dev", "test")
SENTENCES_PER_DOC = 10


def convert(treebank: Path, work: Path) -> dict[str, Path]:
    """Convert each CoNLL-U split to a DocBin of ten-sentence documents."""
    corpus = work / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    converted = {}
    for split in SPLITS:
        source = treebank / f"en_ewt-ud-{split}.conllu"
        if not source.is_file():
            raise SystemExit(f"error: {source}: no such file (is --treebank the UD English EWT folder?)")
        subprocess.run([sys.executable, "-m", "spacy", "convert", str(source), str(corpus),
                        "--converter", "conllu", "-n", str(SENTENCES_PER_DOC)], check=True)
        converted[split] = corpus / f"{source.stem}.spacy"
    return converted


def train(corpus: dict[str, Path], work: Path, overrides: list[str]) -> tuple[Path, float]:
    """Run ``spacy train`` on the converted corpus; the best model's folder and the wall time."""
    output = work / "training"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "spacy", "train", str(CONFIG), "--output", str(output),
                    "--paths.train", str(corpus["train"]), "--paths.dev", str(corpus["dev"]), *overrides],
                   check=True)
    return output / "model-best", time.perf_counter() - started


def install(best: Path, seconds: float, treebank: Path, overrides: list[str]) -> None:
    """Copy the trained pipeline into the package with what made it."""
    if PIPELINE.exists():
        shutil.rmtree(PIPELINE)
    shutil.copytree(best, PIPELINE)
    meta = json.loads((PIPELINE / "meta.json").read_text(encoding="utf-8"))
    record = {
        "treebank": "UD English EWT v2.15 (" + treebank.name + ")",
        "config": CONFIG.name,
        "overrides": overrides,
        "spacy_version": spacy.__version__,
        "seed": spacy.util.load_config(CONFIG)["system"]["seed"],
        "training_seconds": round(seconds, 1),
        "dev_scores": {k: v for k, v in meta.get("performance", {}).items() if isinstance(v, float)},
    }
    (PIPELINE / "training.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    """Command line: convert, train, install; other ``--section.key=value`` options override the config."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--treebank", type=Path, default=Path("../shared/data/ud-english-ewt"),
                        help="folder with en_ewt-ud-{train,dev,test}.conllu")
    parser.add_argument("--work", type=Path, default=Path("build/syntax"),
                        help="where the converted corpus and training checkpoints go")
    parser.add_argument("--no-install", action="store_true", help="train only; leave the shipped pipeline")
    args, overrides = parser.parse_known_args(argv)
    corpus = convert(args.treebank.resolve(), args.work)
    best, seconds = train(corpus, args.work, overrides)
    print(f"trained in {seconds / 60:.1f} minutes: {best}")
    if not args.no_install:
        install(best, seconds, args.treebank.resolve(), overrides)
        print(f"installed into {PIPELINE}")


if __name__ == "__main__":
    main()
