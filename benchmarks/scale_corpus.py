"""Write N times the sample corpus as distinct documents, for scale benchmarks.

Each copy of each sample document keeps its paragraphs but recombines their
sentences, swaps actor names for others of the same kind, and adds invented
organisations, so that every copy is a new document (new hash) with the same
kind of text.

    python benchmarks/scale_corpus.py 100 /tmp/corpus-100
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATES = ["Kazakhstan", "Kyrgyzstan", "Tajikistan", "Uzbekistan", "Turkmenistan", "Afghanistan", "Mongolia"]
DONORS = ["Germany", "Finland", "Japan", "Norway", "Sweden", "Switzerland", "the United Kingdom", "France"]
ORGANISATIONS = ["the OSCE", "the EU", "UNDP", "UNODC", "NATO", "the CSTO", "the SCO", "the CIS"]
INVENTED_HEADS = ["Institute", "Foundation", "Network", "Centre", "Initiative", "Programme", "Council"]
INVENTED_WORDS = ["Steppe", "Pamir", "Caspian", "Silk Road", "Ferghana", "Tien Shan", "Aral", "Oxus", "Altai"]
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def vary(text: str, rng: random.Random) -> str:
    for pool in (STATES, DONORS, ORGANISATIONS):
        for name in pool:
            if name in text and rng.random() < 0.5:
                text = text.replace(name, rng.choice(pool))
    return text


def invented(rng: random.Random) -> str:
    return f"the {rng.choice(INVENTED_WORDS)} {rng.choice(['Security', 'Policy', 'Border', 'Justice'])} " \
           f"{rng.choice(INVENTED_HEADS)}"


def scaled_document(text: str, copy: int, rng: random.Random) -> str:
    paragraphs = []
    for paragraph in text.split("\n\n"):
        sentences = SENTENCE.split(paragraph)
        if len(sentences) > 2:
            rng.shuffle(sentences)
        paragraphs.append(" ".join(vary(s, rng) for s in sentences))
    extra = (f"In {rng.randint(2005, 2024)}, {rng.choice(DONORS)} funded {invented(rng)}, "
             f"which trained {rng.choice(['Kazakh', 'Kyrgyz', 'Tajik', 'Uzbek'])} border guards.")
    return f"Scaled report {copy}\n\n" + "\n\n".join(paragraphs) + "\n\n" + extra + "\n"


def write_corpus(n: int, target: Path, source: Path = ROOT / "corpus") -> tuple[int, int]:
    """Write ``n`` copies of every document in ``source`` into ``target``; return (files, words)."""
    target.mkdir(parents=True, exist_ok=True)
    files, words = 0, 0
    for path in sorted(source.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for copy in range(n):
            rng = random.Random(f"{path.name}-{copy}")
            content = scaled_document(text, copy, rng)
            (target / f"{copy:05}-{path.name}").write_text(content, encoding="utf-8")
            files += 1
            words += len(content.split())
    return files, words


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("target", type=Path)
    args = parser.parse_args()
    count, total = write_corpus(args.n, args.target)
    print(f"wrote {count} documents, {total:,} words, to {args.target}")
