"""Letters for postal replies as PDF, with a pure-Python library (fpdf2) and a font that has
every French letter (Source Sans Pro, shipped as a Python package: nothing fetched at run time).

The letter is the email's text, under the organisation's letterhead: `letter_text` is what the
PDF says, and a test reads it back out of the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import font_source_sans_pro

FONT_DIR = Path(font_source_sans_pro.__file__).parent / "files"
FONT = "SourceSansPro"


@dataclass(frozen=True)
class Letterhead:
    name: str
    address: str = ""
    footer: str = ""


def letter_text(letterhead: Letterhead, body: str) -> str:
    """What the letter says, top to bottom (the letterhead, then the email's text)."""
    head = "\n".join(line for line in [letterhead.name, *letterhead.address.splitlines()] if line.strip())
    return f"{head}\n\n{body}" + (f"\n\n{letterhead.footer}" if letterhead.footer else "")


def _printable(text: str) -> str:
    # Characters the font has no glyph for (emoji) would print as nothing: say so instead.
    return "".join(ch if ch in "\n\t" or ch.isprintable() else " " for ch in text)


def render_letter(letterhead: Letterhead, body: str, *, title: str = "") -> bytes:
    # fpdf2 brings numpy in with it: loaded with the first letter, not by every web worker at
    # start (tests/test_cold_start.py).
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    pdf = FPDF(format="A4")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_font(FONT, "", str(FONT_DIR / "SourceSansPro-Regular.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "SourceSansPro-Bold.ttf"))
    pdf.set_title(title or letterhead.name)
    pdf.set_author(letterhead.name)
    pdf.set_creator("Doléances")
    pdf.add_page()
    pdf.set_font(FONT, "B", 13)
    pdf.multi_cell(0, 7, _printable(letterhead.name), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 10)
    for line in letterhead.address.splitlines():
        if line.strip():
            pdf.multi_cell(0, 5, _printable(line), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(10)
    pdf.set_font(FONT, "", 11)
    # Words wrap whole; a word longer than the line (a pasted link) is broken where it must be.
    pdf.multi_cell(0, 6, _printable(body), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if letterhead.footer:
        pdf.ln(8)
        pdf.set_font(FONT, "", 8)
        pdf.multi_cell(0, 4, _printable(letterhead.footer), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())
