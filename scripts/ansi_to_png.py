#!/usr/bin/env python3
"""Render a `tmux capture-pane -e -p` dump (text with SGR colour codes) to a PNG, cell by cell.

Usage: ansi_to_png.py INPUT.ans OUTPUT.png
Needs Pillow and DejaVu Sans Mono (Debian: fonts-dejavu-core).
"""
import re
import sys

from PIL import Image, ImageDraw, ImageFont

FONT_DIR = "/usr/share/fonts/truetype/dejavu/"
SIZE = 15
BG = (24, 26, 33)
FG = (214, 219, 229)
# The 16 standard colours, as a dark terminal theme shows them.
PALETTE = [
    (40, 42, 54), (232, 90, 90), (110, 200, 120), (230, 200, 90),
    (100, 150, 230), (200, 120, 220), (90, 200, 210), (200, 205, 215),
    (110, 115, 130), (255, 120, 120), (140, 230, 150), (255, 230, 120),
    (140, 180, 255), (230, 150, 250), (120, 230, 240), (250, 250, 250),
]
SGR = re.compile(r"\x1b\[([0-9;]*)m")


def colour_256(n):
    if n < 16:
        return PALETTE[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return (steps[n // 36], steps[(n // 6) % 6], steps[n % 6])
    level = 8 + (n - 232) * 10
    return (level, level, level)


def apply(codes, state):
    codes = [int(c) if c else 0 for c in codes.split(";")] if codes else [0]
    i = 0
    while i < len(codes):
        c = codes[i]
        if c == 0:
            state.update(fg=None, bg=None, bold=False, reverse=False, dim=False, underline=False)
        elif c == 1:
            state["bold"] = True
        elif c == 2:
            state["dim"] = True
        elif c == 4:
            state["underline"] = True
        elif c == 7:
            state["reverse"] = True
        elif c in (22,):
            state["bold"] = state["dim"] = False
        elif c == 24:
            state["underline"] = False
        elif c == 27:
            state["reverse"] = False
        elif 30 <= c <= 37:
            state["fg"] = PALETTE[c - 30]
        elif 90 <= c <= 97:
            state["fg"] = PALETTE[c - 90 + 8]
        elif 40 <= c <= 47:
            state["bg"] = PALETTE[c - 40]
        elif 100 <= c <= 107:
            state["bg"] = PALETTE[c - 100 + 8]
        elif c == 39:
            state["fg"] = None
        elif c == 49:
            state["bg"] = None
        elif c in (38, 48) and i + 1 < len(codes):
            target = "fg" if c == 38 else "bg"
            if codes[i + 1] == 5 and i + 2 < len(codes):
                state[target] = colour_256(codes[i + 2])
                i += 2
            elif codes[i + 1] == 2 and i + 4 < len(codes):
                state[target] = tuple(codes[i + 2:i + 5])
                i += 4
        i += 1


def main(src, dst):
    lines = open(src, encoding="utf-8").read().rstrip("\n").split("\n")
    regular = ImageFont.truetype(FONT_DIR + "DejaVuSansMono.ttf", SIZE)
    bold = ImageFont.truetype(FONT_DIR + "DejaVuSansMono-Bold.ttf", SIZE)
    cell_w = round(regular.getlength("M"))
    cell_h = SIZE + 5
    width = max(len(SGR.sub("", l)) for l in lines)
    image = Image.new("RGB", (width * cell_w + 16, len(lines) * cell_h + 16), BG)
    draw = ImageDraw.Draw(image)
    state = dict(fg=None, bg=None, bold=False, reverse=False, dim=False, underline=False)
    for row, line in enumerate(lines):
        col = 0
        for part in re.split(r"(\x1b\[[0-9;]*m)", line):
            m = SGR.fullmatch(part)
            if m:
                apply(m.group(1), state)
                continue
            for ch in part:
                fg, bg = state["fg"] or FG, state["bg"] or BG
                if state["reverse"]:
                    fg, bg = bg, fg
                if state["dim"]:
                    fg = tuple(int(v * 0.6) for v in fg)
                x, y = 8 + col * cell_w, 8 + row * cell_h
                if bg != BG:
                    draw.rectangle([x, y, x + cell_w - 1, y + cell_h - 1], fill=bg)
                if ch != " ":
                    draw.text((x, y + 2), ch, font=bold if state["bold"] else regular, fill=fg)
                if state["underline"]:
                    draw.line([x, y + cell_h - 2, x + cell_w - 1, y + cell_h - 2], fill=fg)
                col += 1
    image.save(dst)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
