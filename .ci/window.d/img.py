#!/usr/bin/env python3
"""Image helpers for .ci/window, standard library only (zlib, struct).

  img.py xwd2png IN.xwd OUT.png        convert an `xwd` dump (TrueColor, 24/32 bpp) to RGB PNG
  img.py xwdcolours IN.xwd|-         print how many distinct pixel values (every 4th row) it has
  img.py check PNG [--min-colours N]   decode a PNG and fail (exit 1) if it looks blank
  img.py same A.png B.png              exit 0 if the two PNGs have identical pixels, 1 if not

`check` prints one line: size, distinct colours, share of the commonest colour, the Shannon
entropy (bits) of the colour histogram and a SHA-1 of the decoded RGBA pixels. Any error exits 2 with a message on stderr.
"""

import hashlib
import math
import struct
import sys
import zlib
from collections import Counter

PNG_SIG = b"\x89PNG\r\n\x1a\n"
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


class ImgError(Exception):
    pass


# ---------------------------------------------------------------- PNG decoding

def read_png(path):
    """Returns (width, height, rgba_rows) with each row a bytes object of width*4 RGBA8 samples."""
    with open(path, "rb") as f:
        data = f.read()
    if not data.startswith(PNG_SIG):
        raise ImgError(f"{path}: not a PNG (bad signature, {len(data)} bytes)")
    pos = len(PNG_SIG)
    ihdr = None
    palette = b""
    trns = b""
    idat = []
    while pos + 8 <= len(data):
        length, ctype = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if len(body) != length:
            raise ImgError(f"{path}: truncated {ctype!r} chunk")
        crc = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])[0]
        if zlib.crc32(ctype + body) & 0xFFFFFFFF != crc:
            raise ImgError(f"{path}: CRC mismatch in {ctype!r} chunk")
        pos += 12 + length
        if ctype == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif ctype == b"PLTE":
            palette = body
        elif ctype == b"tRNS":
            trns = body
        elif ctype == b"IDAT":
            idat.append(body)
        elif ctype == b"IEND":
            break
    if ihdr is None or not idat:
        raise ImgError(f"{path}: missing IHDR or IDAT (incomplete file?)")
    width, height, depth, colour, _comp, _filt, interlace = ihdr
    if colour not in CHANNELS:
        raise ImgError(f"{path}: unknown colour type {colour}")
    if interlace:
        raise ImgError(f"{path}: interlaced PNGs are not supported by this checker")
    if depth not in (8, 16) and not (colour in (0, 3) and depth in (1, 2, 4)):
        raise ImgError(f"{path}: unsupported bit depth {depth} for colour type {colour}")
    if width == 0 or height == 0:
        raise ImgError(f"{path}: empty image {width}x{height}")
    raw = zlib.decompress(b"".join(idat))
    chans = CHANNELS[colour]
    bits_pp = chans * depth
    stride = (width * bits_pp + 7) // 8
    bpp = max(1, bits_pp // 8)
    if len(raw) < (stride + 1) * height:
        raise ImgError(f"{path}: image data too short ({len(raw)} < {(stride + 1) * height})")
    rows = unfilter(raw, height, stride, bpp)
    return width, height, [to_rgba(r, width, colour, depth, palette, trns) for r in rows]


def unfilter(raw, height, stride, bpp):
    rows = []
    prev = bytearray(stride)
    pos = 0
    for _ in range(height):
        ftype = raw[pos]
        line = bytearray(raw[pos + 1:pos + 1 + stride])
        pos += stride + 1
        if ftype == 0:
            pass
        elif ftype == 1:  # Sub
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif ftype == 2:  # Up
            line = bytearray((a + b) & 0xFF for a, b in zip(line, prev))
        elif ftype == 3:  # Average
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif ftype == 4:  # Paeth
            for i in range(stride):
                if i >= bpp:
                    a = line[i - bpp]
                    c = prev[i - bpp]
                else:
                    a = c = 0
                b = prev[i]
                p = a + b - c
                pa = abs(p - a)
                pb = abs(p - b)
                pc = abs(p - c)
                if pa <= pb and pa <= pc:
                    pr = a
                elif pb <= pc:
                    pr = b
                else:
                    pr = c
                line[i] = (line[i] + pr) & 0xFF
        else:
            raise ImgError(f"bad PNG filter type {ftype}")
        rows.append(line)
        prev = line
    return rows


def to_rgba(line, width, colour, depth, palette, trns):
    if depth == 16:  # keep the high byte of each sample
        line = line[0::2]
        depth = 8
    if depth < 8:
        per_byte = 8 // depth
        mask = (1 << depth) - 1
        vals = bytearray()
        for byte in line:
            for k in range(per_byte):
                vals.append((byte >> (8 - depth * (k + 1))) & mask)
        vals = vals[:width]
        if colour == 0:
            scale = 255 // mask
            vals = bytearray(v * scale for v in vals)
        line = vals
    out = bytearray(width * 4)
    if colour == 6:
        return bytes(line[:width * 4])
    if colour == 2:
        out[0::4] = line[0::3]
        out[1::4] = line[1::3]
        out[2::4] = line[2::3]
        out[3::4] = b"\xff" * width
    elif colour == 0:
        out[0::4] = line
        out[1::4] = line
        out[2::4] = line
        out[3::4] = b"\xff" * width
    elif colour == 4:
        out[0::4] = line[0::2]
        out[1::4] = line[0::2]
        out[2::4] = line[0::2]
        out[3::4] = line[1::2]
    elif colour == 3:
        for x, idx in enumerate(line[:width]):
            r, g, b = palette[idx * 3:idx * 3 + 3] or b"\0\0\0"
            a = trns[idx] if idx < len(trns) else 255
            out[x * 4:x * 4 + 4] = bytes((r, g, b, a))
    return bytes(out)


# ---------------------------------------------------------------- PNG encoding

def write_png(path, width, height, rgb_rows):
    raw = b"".join(b"\x00" + r for r in rgb_rows)

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(
            ">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    with open(path, "wb") as f:
        f.write(PNG_SIG)
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(raw, 6)))
        f.write(chunk(b"IEND", b""))


# ---------------------------------------------------------------- XWD decoding

def read_bytes(src):
    if src == "-":
        return sys.stdin.buffer.read()
    with open(src, "rb") as f:
        return f.read()


def xwd_colours(src):
    """Distinct pixel values in every 4th row of an XWD dump (a cheap "has anything been drawn")."""
    data = read_bytes(src)
    if len(data) < 100:
        raise ImgError(f"{src}: too short for an XWD file ({len(data)} bytes)")
    h = struct.unpack(">25I", data[:100])
    header_size, height, bits_pp, bpl, ncolors = h[0], h[5], h[11], h[12], h[19]
    step = max(1, bits_pp // 8)
    start = header_size + ncolors * 12
    seen = set()
    for y in range(0, height, 4):
        row = data[start + y * bpl:start + (y + 1) * bpl]
        seen.update(row[i:i + step] for i in range(0, len(row) - step + 1, step))
    return len(seen)


def xwd_to_png(src, dst):
    data = read_bytes(src)
    if len(data) < 100:
        raise ImgError(f"{src}: too short for an XWD file ({len(data)} bytes)")
    h = struct.unpack(">25I", data[:100])
    (header_size, version, fmt, depth, width, height, _xoff, byte_order, _unit, _bit_order,
     _pad, bits_pp, bpl, vclass, rmask, gmask, bmask, _bits_rgb, _cmap, ncolors) = h[:20]
    if version != 7:
        raise ImgError(f"{src}: XWD version {version}, expected 7")
    if fmt != 2 or bits_pp not in (24, 32) or vclass not in (4, 5):
        raise ImgError(f"{src}: unsupported XWD (format {fmt}, depth {depth}, "
                       f"{bits_pp} bpp, visual class {vclass}); need ZPixmap TrueColor 24/32 bpp")
    start = header_size + ncolors * 12
    need = start + bpl * height
    if len(data) < need:
        raise ImgError(f"{src}: pixel data truncated ({len(data)} < {need} bytes)")
    step = bits_pp // 8
    order = "little" if byte_order == 0 else "big"

    def byte_index(mask):  # which byte of the pixel holds an 8-bit channel mask
        for k in range(step):
            shift = 8 * k
            if mask == 0xFF << shift:
                return k if order == "little" else step - 1 - k
        return None

    idx = [byte_index(m) for m in (rmask, gmask, bmask)]
    rows = []
    for y in range(height):
        row = data[start + y * bpl:start + y * bpl + width * step]
        out = bytearray(width * 3)
        if None not in idx:
            for c, k in enumerate(idx):
                out[c::3] = row[k::step]
        else:  # generic masks
            shifts = [(m & -m).bit_length() - 1 for m in (rmask, gmask, bmask)]
            for x in range(width):
                px = int.from_bytes(row[x * step:(x + 1) * step], order)
                for c, (m, s) in enumerate(zip((rmask, gmask, bmask), shifts)):
                    v = (px & m) >> s
                    top = m >> s
                    out[x * 3 + c] = v * 255 // top if top else 0
        rows.append(bytes(out))
    write_png(dst, width, height, rows)
    return width, height


# ---------------------------------------------------------------- checks

def stats(path):
    width, height, rows = read_png(path)
    digest = hashlib.sha1(b"".join(rows)).hexdigest()
    counts = Counter()
    for r in rows:
        # RGBA pixels as 4-byte keys; counting per row keeps memory small.
        counts.update(r[i:i + 4] for i in range(0, len(r), 4))
    total = width * height
    top = counts.most_common(1)[0][1]
    entropy = abs(sum(n / total * math.log2(n / total) for n in counts.values()))
    return width, height, len(counts), top / total, entropy, digest


def main(argv):
    if len(argv) >= 3 and argv[0] == "xwd2png":
        w, h = xwd_to_png(argv[1], argv[2])
        print(f"{argv[2]}: {w}x{h}")
        return 0
    if len(argv) == 2 and argv[0] == "xwdcolours":
        print(xwd_colours(argv[1]))
        return 0
    if len(argv) >= 2 and argv[0] == "check":
        min_colours = 50
        if len(argv) >= 4 and argv[2] == "--min-colours":
            min_colours = int(argv[3])
        w, h, n, top, ent, digest = stats(argv[1])
        verdict = "ok" if n > min_colours else "BLANK"
        print(f"{argv[1]}: {w}x{h}, {n} distinct colours, commonest colour {top:.1%} of pixels, "
              f"entropy {ent:.2f} bits, pixels sha1 {digest} -> {verdict} "
              f"(need > {min_colours} colours)")
        return 0 if n > min_colours else 1
    if len(argv) == 3 and argv[0] == "same":
        a = read_png(argv[1])
        b = read_png(argv[2])
        return 0 if a == b else 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except (ImgError, OSError, zlib.error, struct.error, ValueError) as e:
        print(f"img.py: error: {e}", file=sys.stderr)
        sys.exit(2)
