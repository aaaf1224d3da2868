"""Turning an uploaded picture into the one QuizRoom serves: decoded, checked, cleaned.

The upload's bytes are never served. Pillow decodes them (only the four formats
below: its other plugins, EPS with its Ghostscript call among them, never run),
the pixels are copied onto a fresh image (so EXIF, GPS, XMP, comments and any
bytes smuggled after the image stay behind), turned upright by the EXIF
orientation, scaled to at most ``MAX_SIDE`` and encoded again. Whatever rode
along in the file (a script in a GIF comment, a zip after a PNG's end) is gone.

An animated GIF (or WebP) keeps its first frame only: the projector shows a
still, and a still is a few kB where an animation can be megabytes.
"""
from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps

from ..game.errors import GameError

FORMATS = ("PNG", "JPEG", "WEBP", "GIF")
MAX_BYTES = 10 * 1024 * 1024
# Checked on the header alone, before a single pixel is decoded. A JPEG decodes
# straight at 1/2, 1/4 or 1/8 scale (draft) of the size it is kept at, so a 48 MP phone
# photo costs little; the other formats decode at full size. Whatever the format, the
# pixels really decoded are at most 25 MP: 100 MB of RGBA.
MAX_PIXELS = 50_000_000
MAX_PIXELS_FULL_DECODE = 25_000_000
# a picture with at most this many colours is a drawing: kept lossless
GRAPHIC_COLOURS = 4096
MAX_SIDE = 1600
WEBP_QUALITY = 85
DAMAGED = "the image is damaged or incomplete and cannot be decoded"

# Pillow's own bomb guard, set to the JPEG figure (for the other formats our check
# after Image.open, 25 MP, is the stricter one): past it Image.open raises
# DecompressionBombError (twice the figure) or warns (once), which we turn into errors
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


@dataclass(frozen=True)
class Processed:
    data: bytes
    content_type: str
    width: int
    height: int


def _bad(message: str) -> GameError:
    return GameError("bad_image", message)


def _looks_like_svg(data: bytes) -> bool:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<?xml", b"<svg", b"<!doctype svg")) or b"<svg" in head


def _announced(data: bytes) -> str | None:
    """The format the file's first bytes claim, before Pillow has agreed: it names the
    right pixel limit for a bomb, and tells a cut-short file from one of another kind."""
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "PNG"
    if data[:3] == b"\xff\xd8\xff":
        return "JPEG"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


def _limit(image_format: str | None) -> int:
    return MAX_PIXELS if image_format == "JPEG" else MAX_PIXELS_FULL_DECODE


def _open(data: bytes) -> Image.Image:
    if not data:
        raise _bad("the file is empty")
    if len(data) > MAX_BYTES:
        raise GameError("image_too_large",
                        f"an image may be at most {MAX_BYTES // (1024 * 1024)} MB")
    if _looks_like_svg(data):
        raise _bad("SVG images are not accepted (they can carry scripts); "
                   "upload a PNG, JPEG, WebP or GIF")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise GameError("too_many_pixels", _pixels_message(_limit(_announced(data)))) from None
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for a file it cannot read
        if _announced(data):  # libwebp refuses a cut-short WebP here, not at decoding
            raise _bad(DAMAGED) from None
        raise _bad("this file is not a PNG, JPEG, WebP or GIF image that can be read") from None
    width, height = image.size
    limit = _limit(image.format)
    if width < 1 or height < 1 or width * height > limit:
        raise GameError("too_many_pixels", _pixels_message(limit))
    if image.format == "JPEG":
        # decode straight at a reduced scale (1/2, 1/4, 1/8) of the size kept: a 48 MP
        # photo, or a 65500 x 763 strip, never sits in memory at full size
        image.draft("RGB", fitted(image.size))
    if image.width * image.height > MAX_PIXELS_FULL_DECODE:
        # what draft() could not reduce (a JPEG with several tiles, say) is refused on
        # the size it would really decode at
        raise GameError("too_many_pixels", _pixels_message(MAX_PIXELS_FULL_DECODE))
    return image


def fitted(size: tuple[int, int]) -> tuple[int, int]:
    """The size an image is kept at: within ``MAX_SIDE`` a side, its shape unchanged."""
    width, height = size
    side = max(width, height)
    if side <= MAX_SIDE:
        return width, height
    return max(1, width * MAX_SIDE // side), max(1, height * MAX_SIDE // side)


def _pixels_message(limit: int) -> str:
    return (f"the image has too many pixels (at most {limit // 1_000_000} megapixels for this "
            f"format); scale it down first")


def _decode(image: Image.Image) -> Image.Image:
    """The first frame's pixels, upright, on a new image with no metadata. Each step
    works in place where Pillow can, so a 25 MP picture is held once, not three times."""
    try:
        image.seek(0)
        image.load()
        ImageOps.exif_transpose(image, in_place=True)
    except Exception:  # noqa: BLE001 - truncated, corrupt, or lying about its size
        raise _bad(DAMAGED) from None
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info)
    mode = "RGBA" if has_alpha else "RGB"
    clean = image if image.mode == mode else image.convert(mode)
    if clean is not image:
        image.close()  # the decoded frame's memory goes back before the resize
    clean.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    # a copy of the pixels alone: the decoded image carries .info (exif, icc, comments)
    fresh = Image.new(clean.mode, clean.size)
    fresh.paste(clean)
    clean.close()
    return fresh


def process(data: bytes) -> Processed:
    """The cleaned image, or GameError bad_image / image_too_large / too_many_pixels."""
    image = _open(data)
    source = image.format
    pixels = _decode(image)
    out = io.BytesIO()
    # drawings and screenshots stay sharp (lossless); photos, whatever they came as,
    # are lossy: a photo saved as PNG would take seconds and megabytes losslessly
    graphic = source != "JPEG" and pixels.getcolors(GRAPHIC_COLOURS) is not None
    pixels.save(out, "WEBP", quality=WEBP_QUALITY, method=4, lossless=graphic)
    return Processed(out.getvalue(), "image/webp", pixels.width, pixels.height)


def check_stored(data: bytes) -> Processed:
    """A backed-up image, checked as one ``process`` could have written, and kept byte for
    byte: encoding it again would change the hash every quiz names it by. It must decode
    in full as a WebP within ``MAX_SIDE`` and carry no metadata."""
    image = _open(data)
    if image.format != "WEBP":
        raise _bad("not a WebP image as this server stores them")
    if max(image.size) > MAX_SIDE:
        raise _bad(f"larger than {MAX_SIDE} px a side, which this server never stores")
    if {"exif", "xmp", "icc_profile"} & set(image.info):
        raise _bad("it carries metadata, which this server never stores")
    try:
        image.load()
    except Exception:  # noqa: BLE001 - truncated or corrupt
        raise _bad("the image is damaged or incomplete and cannot be decoded") from None
    return Processed(data, "image/webp", image.width, image.height)
