"""Bodies as text (pure: no Django): charsets with fallbacks, HTML sanitised and flattened, quoted
history trimmed for display."""

from __future__ import annotations

import codecs
import contextlib
import re
from html.parser import HTMLParser

import nh3
from email_reply_parser import EmailReplyParser

# Declared as Latin-1 or ASCII, mail from Windows is cp1252 nine times out of ten (curly quotes, €,
# œ in 0x80–0x9F, which Latin-1 gives as control characters): browsers read it so too (WHATWG).
LATIN1_ALIASES = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii", "iso-ir-100", "cp819"})


def decode_bytes(data: bytes, declared: str | None) -> str:
    """Text of a body whatever its label: the declared charset when it fits, else UTF-8, else
    cp1252 (every byte decodes; the few undefined ones become U+FFFD)."""
    declared = (declared or "").strip().strip('"').lower()
    candidates: list[str] = []
    if declared and declared not in LATIN1_ALIASES:
        with contextlib.suppress(LookupError, ValueError):  # an unknown (or garbled) charset: guessed below
            candidates.append(codecs.lookup(declared).name)
    candidates += ["utf-8", "cp1252"]
    for charset in dict.fromkeys(candidates):
        try:
            return data.decode(charset)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("cp1252", errors="replace")


# Sanitised HTML keeps structure and link targets, nothing that runs or loads: no script, style,
# image, frame or form (so no remote image, tracking pixel included, is ever fetched).
SAFE_TAGS = {
    "a", "b", "blockquote", "br", "code", "dd", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "i", "li", "ol", "p", "pre", "s", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "u", "ul",
}  # fmt: skip
SAFE_ATTRIBUTES = {"a": {"href"}}
BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "blockquote",
        "br",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "li",
        "ol",
        "pre",
        "table",
        "tr",
        "ul",
        "dl",
        "dt",
        "dd",
    }
)


def sanitise_html(html: str) -> str:
    return nh3.clean(html, tags=SAFE_TAGS, attributes=SAFE_ATTRIBUTES, url_schemes={"http", "https", "mailto"}, link_rel=None)


class _TextWriter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self.quote_depth = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in BLOCK_TAGS:
            self.parts.append("\n")
        if tag == "blockquote":
            self.quote_depth += 1
        if tag == "li":
            self.parts.append("- ")
        if tag == "a":
            self.links.append(dict(attrs).get("href") or "")
        if tag in ("td", "th"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "blockquote":
            self.quote_depth = max(self.quote_depth - 1, 0)
        if tag in BLOCK_TAGS:
            self.parts.append("\n")
        if tag == "a" and self.links:
            href = self.links.pop()
            # Where a link really goes, when its text says otherwise (a phishing tell for the agent).
            if href.startswith(("http://", "https://")) and href not in self._current_line():
                self.parts.append(f" ({href})")

    def handle_data(self, data: str) -> None:
        data = re.sub(r"\s+", " ", data)
        if self.quote_depth and data.strip():
            # Quoted history stays recognisable as such in the text (">" as a plain-text mail has).
            last = "".join(self.parts[-1:])
            if not self.parts or last.endswith("\n"):
                data = "> " * self.quote_depth + data.lstrip()
        self.parts.append(data)

    def _current_line(self) -> str:
        return "".join(self.parts).rsplit("\n", 1)[-1]


def html_to_text(html: str) -> str:
    """Readable text of an HTML body, after sanitising (never executed, never loaded)."""
    writer = _TextWriter()
    writer.feed(sanitise_html(html))
    writer.close()
    return tidy("".join(writer.parts))


KEPT_INVISIBLE = frozenset("\n\t\u200c\u200d")


def tidy(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    # Zero-width spaces (and the other invisible format characters) go: they hide inside words and
    # break search. Joiners stay: emoji sequences and some scripts need them.
    text = "".join(ch for ch in text if ch in KEPT_INVISIBLE or ch.isprintable())
    lines = [line.rstrip() for line in text.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# Where quoted history starts in the reply styles email-reply-parser does not know (French Gmail,
# Outlook's header blocks and separators, Apple Mail and Thunderbird in French).
SEPARATORS = [
    re.compile(
        r"^-{2,}\s*(Original Message|Message d'origine|Message original|Forwarded message|Message transféré)\s*-{2,}", re.I
    ),
    re.compile(r"^_{10,}$"),
    re.compile(r"^>"),
]
# "Le 3 mars 2026 à 10:12, Jeanne <j@example.org> a écrit :" (often wrapped over two lines).
WROTE = re.compile(r"^(Le|On)\s.{5,250}\s(a\s+écrit|wrote)\s?:$", re.I | re.S)
# Outlook: "De : …" then "Envoyé : …", "À : …", "Objet : …" (or the English ones).
HEADER_FROM = re.compile(r"^\*?(From|De)\s?:\*?\s.+", re.I)
HEADER_NEXT = re.compile(r"^\*?(Sent|Date|To|Subject|Envoyé|À|A|Objet|Cc)\s?:\*?\s.*", re.I)


def _history_starts(lines: list[str], index: int) -> bool:
    line = lines[index].strip()
    if any(separator.match(line) for separator in SEPARATORS):
        return True
    following = [item.strip() for item in lines[index + 1 : index + 5]]
    if WROTE.match(line) or (following and WROTE.match(f"{line} {following[0]}")):
        return True
    return bool(HEADER_FROM.match(line)) and any(HEADER_NEXT.match(item) for item in following)


def visible_reply(text: str) -> str:
    """What the sender wrote this time, without the history quoted below it (for display: the
    complete text stays in the stored message). Falls back to the whole text rather than show
    nothing."""
    lines = text.split("\n")
    cut = next((index for index in range(len(lines)) if _history_starts(lines, index)), len(lines))
    head = "\n".join(lines[:cut]).strip()
    if not head:
        return text.strip()
    reply = EmailReplyParser.parse_reply(head).strip()
    return reply or head
