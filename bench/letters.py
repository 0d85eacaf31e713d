"""PDF letters (issue 20): how fast fpdf2 renders a final answer, and how big it is.

    .venv/bin/python bench/letters.py [--count N]

Prints, for a usual letter (about 1,500 characters) and the longest one accepted (20,000), the
letters rendered per second on one core, the median time and the PDF size (the font is embedded,
subset to the letters used). No database: messaging.pdf works from plain values.
"""

from __future__ import annotations

import argparse
import statistics
import time

from doleances.messaging.pdf import Letterhead, render_letter

LETTERHEAD = Letterhead(name="Banque Exemple", address="12 rue des Doléances\n75011 Paris", footer="Service réclamations")
PARAGRAPH = (
    "Nous vous remercions de nous avoir fait part de votre réclamation, et nous regrettons la gêne occasionnée. "
    "Après examen, nous ne pouvons pas donner une suite favorable à votre demande : les frais sont prévus au contrat. "
)


def body(chars: int) -> str:
    text = ""
    while len(text) < chars:
        text += PARAGRAPH + "\n\n"
    return text[:chars]


def measure(chars: int, count: int) -> tuple[float, float, int]:
    text = body(chars)
    times = []
    size = 0
    for _ in range(count):
        start = time.process_time()
        size = len(render_letter(LETTERHEAD, text))
        times.append(time.process_time() - start)
    return count / sum(times), statistics.median(times), size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=50)
    args = parser.parse_args()
    for chars in (1_500, 20_000):
        rate, median, size = measure(chars, args.count)
        print(
            f"{chars:>6} characters: {rate:6.1f} letters/s per CPU second, median {median * 1000:6.1f} ms, {size / 1024:6.1f} KiB"
        )


if __name__ == "__main__":
    main()
