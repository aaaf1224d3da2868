"""Image uploads: hostile files refused or defused, served bytes clean, cache headers."""
from __future__ import annotations

import hashlib
import io
import struct
import time
import zlib

import pytest
from PIL import Image

from tests.helpers import pack, single


@pytest.fixture
def http(app):
    return app.test_client()


def picture(fmt="PNG", size=(64, 48), colour=(200, 30, 30), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, fmt, **save)
    return out.getvalue()


def upload(http, data: bytes, name="photo.png", content_type="image/png"):
    return http.post("/api/media", data={"file": (io.BytesIO(data), name, content_type)},
                     content_type="multipart/form-data")


def served(http, digest):
    reply = http.get(f"/media/{digest}")
    assert reply.status_code == 200
    return reply


def test_png_is_stored_by_the_hash_of_the_bytes_served(http):
    reply = upload(http, picture())
    assert reply.status_code == 201, reply.json
    body = reply.json
    assert (body["width"], body["height"], body["type"]) == (64, 48, "image/webp")
    image = served(http, body["hash"])
    assert hashlib.sha256(image.data).hexdigest() == body["hash"]
    assert body["url"] == f"/media/{body['hash']}"
    assert Image.open(io.BytesIO(image.data)).size == (64, 48)


def test_serving_headers_are_immutable_typed_and_nosniff(http):
    digest = upload(http, picture()).json["hash"]
    reply = served(http, digest)
    assert reply.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert reply.headers["Content-Type"] == "image/webp"
    assert reply.headers["X-Content-Type-Options"] == "nosniff"
    again = http.get(f"/media/{digest}", headers={"If-None-Match": f'"{digest}"'})
    assert again.status_code == 304


def test_unknown_or_malformed_hash_is_404_json(http):
    assert http.get("/media/" + "0" * 64).status_code == 404
    reply = http.get("/media/../../etc/passwd")
    assert reply.status_code == 404


def test_gps_exif_is_stripped_and_orientation_applied(http):
    image = Image.new("RGB", (80, 40), (0, 120, 0))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90 degrees clockwise to view
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (48.0, 51.0, 30.0)
    exif[0x010F] = "SpyPhone"  # camera make
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    assert b"SpyPhone" in out.getvalue()
    body = upload(http, out.getvalue(), "holiday.jpg", "image/jpeg").json
    assert (body["width"], body["height"]) == (40, 80)  # turned upright
    data = served(http, body["hash"]).data
    assert b"SpyPhone" not in data and b"Exif" not in data and b"EXIF" not in data
    assert not Image.open(io.BytesIO(data)).getexif()


def test_large_picture_is_scaled_to_1600_px(http):
    body = upload(http, picture("JPEG", (4000, 3000)), "big.jpg").json
    assert (body["width"], body["height"]) == (1600, 1200)


def test_png_named_jpg_is_fine_since_it_decodes(http):
    assert upload(http, picture(), "really-a-png.jpg", "image/jpeg").status_code == 201


def test_animated_gif_keeps_its_first_frame(http):
    frames = [Image.new("RGB", (30, 30), c) for c in ((255, 0, 0), (0, 0, 255))]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100)
    data = served(http, upload(http, out.getvalue(), "a.gif", "image/gif").json["hash"]).data
    still = Image.open(io.BytesIO(data))
    assert getattr(still, "n_frames", 1) == 1
    assert still.convert("RGB").getpixel((5, 5))[0] > 200  # red: the first frame


def test_svg_is_refused_with_a_clear_message(http):
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    reply = upload(http, svg, "logo.png", "image/png")
    assert reply.status_code == 400
    assert reply.json["error"]["code"] == "bad_image"
    assert "SVG" in reply.json["error"]["message"]


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF", "WEBP"])
def test_truncated_file_is_refused(http, fmt):
    noisy = Image.effect_noise((300, 300), 80).convert("RGB")
    out = io.BytesIO()
    noisy.save(out, fmt)
    data = out.getvalue()
    reply = upload(http, data[: len(data) // 2], f"cut.{fmt.lower()}")
    assert reply.status_code == 400
    assert reply.json["error"] == {
        "code": "bad_image",
        "message": "the image is damaged or incomplete and cannot be decoded"}


def test_text_and_other_formats_are_refused(http):
    for data in (b"hello, world", b"BM" + b"\0" * 100, b"%!PS-Adobe-3.0 EPSF-3.0\n"):
        reply = upload(http, data, "x.png")
        assert reply.status_code == 400 and reply.json["error"]["code"] == "bad_image"


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims huge dimensions: the header is all a bomb needs to show."""
    def chunk(kind, body):
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    # one compressed row of zeros: a real bomb would be a few kB of deflate
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + chunk(b"IEND", b""))


@pytest.mark.parametrize("size", [(10_000, 10_000), (100_000, 100_000), (60_000, 1000)])
def test_decompression_bomb_is_refused_before_decoding(http, size):
    reply = upload(http, _png_header_only(*size), "bomb.png")
    assert reply.status_code == 400
    assert reply.json["error"]["code"] == "too_many_pixels"
    assert "megapixels" in reply.json["error"]["message"]


def _gif_header_claiming(width: int, height: int) -> bytes:
    """A 10x10 GIF whose logical screen (the size Pillow reports) is width x height."""
    out = io.BytesIO()
    Image.new("P", (10, 10)).save(out, "GIF")
    data = bytearray(out.getvalue())
    data[6:10] = struct.pack("<HH", width, height)
    return bytes(data)


def _webp_claiming(width: int, height: int, animated: bool) -> bytes:
    """A 10x10 WebP whose header claims width x height: in the lossless bitstream's own
    header (14 bits a side), or as the canvas of an animation (24 bits a side)."""
    frames = [Image.new("RGB", (10, 10), c) for c in ((255, 0, 0), (0, 0, 255))]
    out = io.BytesIO()
    if animated:
        frames[0].save(out, "WEBP", save_all=True, append_images=frames[1:], lossless=True)
    else:
        frames[0].save(out, "WEBP", lossless=True)
    data = bytearray(out.getvalue())
    if animated:
        at = data.index(b"VP8X") + 8 + 4
        data[at:at + 6] = (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    else:
        at = data.index(b"VP8L") + 8 + 1  # after the 0x2f signature byte
        bits = int.from_bytes(data[at:at + 4], "little") & ~((1 << 28) - 1)
        bits |= (width - 1) | ((height - 1) << 14)
        data[at:at + 4] = bits.to_bytes(4, "little")
    return bytes(data)


@pytest.mark.parametrize("bomb", [
    pytest.param(lambda: _gif_header_claiming(65_535, 65_535), id="gif-4-gigapixels"),
    pytest.param(lambda: _gif_header_claiming(6_000, 6_000), id="gif-36-megapixels"),
    pytest.param(lambda: _webp_claiming(16_384, 16_384, False), id="webp-268-megapixels"),
    pytest.param(lambda: _webp_claiming(6_000, 6_000, False), id="webp-36-megapixels"),
    pytest.param(lambda: _webp_claiming(1_000_000, 1_000_000, True), id="webp-canvas-1e12"),
])
def test_gif_and_webp_bombs_are_refused_with_their_formats_limit(http, bomb):
    data = bomb()
    assert len(data) < 200  # a few bytes claiming more pixels than the server could hold
    started = time.monotonic()
    reply = upload(http, data, "bomb.img", "application/octet-stream")
    assert time.monotonic() - started < 2
    assert reply.status_code == 400
    assert reply.json["error"] == {
        "code": "too_many_pixels",
        "message": "the image has too many pixels (at most 25 megapixels for this format); "
                   "scale it down first"}


def test_20_mb_file_is_refused_413(http):
    reply = upload(http, b"\x89PNG" + b"\0" * (20 * 1024 * 1024), "huge.png")
    assert reply.status_code == 413
    assert reply.json["error"]["code"] == "image_too_large"


def test_png_with_a_zip_appended_is_served_without_it(http):
    payload = io.BytesIO()
    import zipfile
    with zipfile.ZipFile(payload, "w") as archive:
        archive.writestr("evil.js", "alert('polyglot')")
    body = upload(http, picture() + payload.getvalue(), "poly.png").json
    data = served(http, body["hash"]).data
    assert b"PK\x03\x04" not in data and b"polyglot" not in data


def test_gif_javascript_polyglot_is_defused(http):
    # GIF89a then "/*" as the logical screen width (0x2a2f = 10799 px): to a script
    # engine the file is `GIF89a = alert(1)` with the binary image inside a comment
    out = io.BytesIO()
    Image.new("P", (10, 10), 3).save(out, "GIF")
    gif = bytearray(out.getvalue())
    gif[:8] = b"GIF89a/*"
    polyglot = bytes(gif) + b"*/=alert(1)//"
    assert polyglot.count(b"*/") == 1      # the comment closes only after the image
    assert Image.open(io.BytesIO(polyglot)).size == (10799, 10)  # and it is a real GIF
    reply = upload(http, polyglot, "poly.gif", "image/gif")
    assert reply.status_code == 201, reply.json
    assert (reply.json["width"], reply.json["type"]) == (1600, "image/webp")
    data = served(http, reply.json["hash"]).data
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    assert b"alert" not in data and b"GIF89a" not in data and b"*/" not in data


def test_missing_file_field_names_it(http):
    reply = http.post("/api/media", data={"other": "x"}, content_type="multipart/form-data")
    assert reply.status_code == 400 and reply.json["error"]["field"] == "file"


def test_room_with_an_unknown_image_is_refused_and_a_known_one_plays(http):
    missing = "ab" * 32
    quiz = pack(single(0))
    quiz["questions"][0]["image"] = missing
    reply = http.post("/api/rooms", json={"quiz": quiz})
    assert reply.status_code == 400 and reply.json["error"]["code"] == "invalid_quiz"
    assert "questions[0].image" in reply.json["error"]["errors"][0]
    digest = upload(http, picture()).json["hash"]
    quiz["questions"][0]["image"] = digest
    quiz["questions"][0]["choices"] = [{"image": digest, "alt": "red"}, "blue", "c", "d"]
    assert http.post("/api/rooms", json={"quiz": quiz}).status_code == 201


def test_with_an_account_uploads_need_sign_in_but_images_stay_public(app, http):
    digest = upload(http, picture()).json["hash"]
    app.extensions["quizroom_accounts"].add("ada", "correct horse")
    reply = upload(http, picture(colour=(1, 2, 3)))
    assert reply.status_code == 401 and reply.json["error"]["code"] == "sign_in_required"
    assert http.get(f"/media/{digest}").status_code == 200  # players' phones load it
    imported = http.post("/api/library/import", data={"file": (io.BytesIO(b"{}"), "q.json")},
                         content_type="multipart/form-data")
    assert imported.status_code == 401
    http.post("/login", json={"name": "ada", "password": "correct horse"})
    assert upload(http, picture(colour=(1, 2, 3))).status_code == 201


def test_an_upload_posted_from_another_site_is_refused(http):
    reply = http.post("/api/media", data={"file": (io.BytesIO(picture()), "p.png")},
                      content_type="multipart/form-data",
                      headers={"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"})
    assert reply.status_code == 403 and reply.json["error"]["code"] == "cross_site"


def test_uploads_are_rate_limited_per_address(http):
    data = picture(size=(8, 8))
    codes = [upload(http, data).status_code for _ in range(61)]
    assert codes[:60] == [201] * 60 and codes[60] == 429
