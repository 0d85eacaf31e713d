"""The enrolment QR code, drawn here as SVG: the secret never leaves the server for a QR service."""

from __future__ import annotations

import base64

import qrcode
import qrcode.image.svg


def qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")


def secret_for_typing(key: bytes) -> str:
    """The base32 secret that authenticator apps accept when typed, in groups of four."""
    text = base64.b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
