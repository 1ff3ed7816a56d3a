#!/usr/bin/env python3
"""Altloom benchmark: `altloom optimize` against peer tools on the same real-image corpus.

Standard library only (Python 3.11). Run bench/setup.sh and bench/corpus.sh first, then:

    python3 bench/run.py [--sections defaults,matched,variants,rerun,targeting]
                         [--formats jpeg,webp,avif,png] [--tools altloom,sharp,...]
                         [--altloom PATH] [--repeat N] [--quick] [--files N]

Sections (all by default):
  defaults   every tool at its own default settings, one table per format group
             (jpeg, webp, avif, png): wall, CPU, RSS, bytes, mean and p95 dssim.
  matched    quality-matched comparison: for JPEG, WebP and AVIF, each lossy peer's integer
             quality setting is searched for the lowest setting whose p95 dssim over the group
             is at most Altloom's p95 at its default preset (a few corpus passes: the default,
             then extrapolation, interpolation on log(p95) against the setting); that setting is
             then timed like every other row. Lossless PNG: altloom (default, lossless) against
             oxipng on bytes and time.
  variants   3 widths x JPEG + WebP + AVIF: one altloom run against one sharp-cli batch per
             (width, format).
  rerun      altloom over the corpus, then again with nothing changed; the same on a generated
             corpus of small distinct PNGs (bench/work/small).
  targeting  altloom's default (quality targeting) against --target off on JPEG and WebP.
A table of targets (PASS/MISS) closes the report.

Every batch is one shell command timed by GNU /usr/bin/time (wall, user+sys CPU, peak RSS of the
largest single process); a sampler also records the peak summed RSS of the process group. Quality:
dssim (bench/tools/bin/dssim) of every output against its source (JPEG sources and JPEG outputs
are decoded to PNG with ImageMagick; WebP/AVIF outputs with dwebp/avifdec); per-file scores are
kept per (tool, setting, file) for the whole run, so a setting is never measured twice.
Tables are printed and written to bench/work/results.md (raw data: bench/work/results.json).
"""
from __future__ import annotations

import argparse
import concurrent.futures as cf
import datetime as dt
import hashlib
import json
import math
import os
import platform
import shlex
import shutil
import statistics
import struct
import subprocess
import sys
import threading
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
WORK = BENCH / "work"
CORPUS = WORK / "corpus"
TOOLS_BIN = BENCH / "tools" / "bin"
NODE_BIN = BENCH / "node_modules" / ".bin"
DEFAULT_ALTLOOM = BENCH.parent / "target" / "release" / "altloom"
GNU_TIME = "/usr/bin/time"
WORKERS = 2  # per-file parallelism for single-file tools (the machine has 2 cores)

SECTIONS = ("defaults", "matched", "variants", "rerun", "targeting")
LOSSY = ("jpeg", "webp", "avif")

GROUPS = {
    # group: (input set, output extensions, label)
    "jpeg": ("jpeg", (".jpg", ".jpeg"), "JPEG"),
    "webp": ("all", (".webp",), "WebP"),
    "avif": ("all", (".avif",), "AVIF"),
    "png": ("png", (".png",), "PNG"),
}

VARIANT_WIDTHS = (480, 1024, 1920)
VARIANT_FORMATS = ("jpeg", "webp", "avif")

# Targets of issue 7.
BYTES_TARGET = {"jpeg": 0.80, "webp": 0.80, "avif": 1.00, "png": 1.00}
WALL_TARGET = {"jpeg": 0.80, "webp": 0.80, "avif": 1.00}
VARIANTS_SPEEDUP_TARGET = 2.0
RERUN_FRACTION_TARGET = 0.02
SMALL_RERUN_TARGET_S = 1.0
PEAK_RSS_TARGET_MB = 500
TARGETING_RATIO_TARGET = 2.0

# Per-file commands go through xargs; $1 is the source path, $OUT the output dir.
STEM = '"$(basename "${1%.*}")"'


def xargs(per_file: str) -> str:
    """Runs `per_file` (a sh snippet using $1) once per listed file, WORKERS at a time."""
    return f"xargs -0 -P {WORKERS} -n 1 -a \"$LIST\" sh -c {shlex.quote(per_file)} _"


@dataclass(frozen=True)
class Spec:
    """One tool configuration of a format group. `{q}` in template/desc/label is the setting."""
    group: str
    id: str            # unique within a group, used for output directories
    family: str        # what --tools selects
    name: str
    template: str      # bash; env: IN (input dir), OUT (output dir), LIST (NUL list), tool paths
    desc: str          # the settings column
    default: int | None = None  # the tool's default setting; None = fixed settings, never tuned
    lo: int = 0
    hi: int = 100
    higher_is_better: bool = True  # False for cq-levels (lower = better quality)
    label: str = "-q {q}"          # how one setting is written in the matched table
    slope: float = -0.07           # prior d ln(p95) / d(quality step), for the first tuning step
    keep_missing: bool = False     # tool leaves files it cannot shrink untouched: count the source
    in_defaults: bool = True       # a row of the defaults table
    note: str = ""

    def command(self, q: int | None) -> str:
        return self.template if q is None else self.template.replace("{q}", str(q))

    def settings(self, q: int | None) -> str:
        return self.desc if q is None else self.desc.replace("{q}", str(q))

    def setting_label(self, q: int | None) -> str:
        return "fixed" if q is None else self.label.replace("{q}", str(q))

    @property
    def tunable(self) -> bool:
        return self.default is not None


# strip metadata like the other tools do, but keep the ICC profile (dropping it changes colours)
JPEGOPTIM_STRIP = "--strip-com --strip-exif --strip-iptc --strip-xmp"
ALTLOOM = '"$ALTLOOM" optimize "$IN" --out "$OUT" --no-progress --quiet --no-report-job'
SHARP = '"$SHARP" -i "$IN/*" -o "$OUT"'
# @squoosh/cli 0.7 on Node 20 needs fetch off; it is run per file because one file it cannot
# decode (a 16-bit PNG) crashes a whole batch.
SQUOOSH = 'NODE_OPTIONS=--no-experimental-fetch exec "$SQUOOSH"'
# rimage processes one image at a time unless told otherwise (-t); 2 = the machine's cores, as the
# single-file tools get 2 processes at a time.
RIMAGE = '"$RIMAGE" {codec} -t 2 --quiet --no-progress -d "$OUT"'


def tool_table() -> list[Spec]:
    t: list[Spec] = []
    # ---- JPEG ----
    t += [
        Spec("jpeg", "altloom", "altloom", "altloom", ALTLOOM + " --formats jpeg",
             "optimize --formats jpeg (preset web, quality targeting)"),
        Spec("jpeg", "sharp-mozjpeg", "sharp", "sharp-cli", SHARP + " -f jpeg -q {q} --mozjpeg",
             "-f jpeg -q {q} --mozjpeg", default=80, lo=1),
        Spec("jpeg", "sharp-default", "sharp", "sharp-cli", SHARP + " -f jpeg -q {q}",
             "-f jpeg -q {q} (default encoder settings)", default=80, lo=1),
        Spec("jpeg", "squoosh", "squoosh", "squoosh-cli",
             xargs(SQUOOSH + ' --mozjpeg "{quality:{q}}" -d "$OUT" "$1" >/dev/null'),
             "--mozjpeg {quality:{q}}, per file, 2 at a time", default=75, label="quality {q}"),
        Spec("jpeg", "rimage", "rimage", "rimage",
             RIMAGE.replace("{codec}", "mozjpeg") + ' -q {q} "$IN"/*',
             "mozjpeg -q {q}, -t 2", default=75, lo=1),
        Spec("jpeg", "jpegoptim", "jpegoptim", "jpegoptim",
             xargs(f'exec "$JPEGOPTIM" -q --all-progressive {JPEGOPTIM_STRIP} -d "$OUT" "$1"'),
             "lossless, --all-progressive, metadata stripped except ICC", keep_missing=True),
        Spec("jpeg", "jpegoptim-m", "jpegoptim", "jpegoptim",
             xargs(f'exec "$JPEGOPTIM" -q -m{{q}} --all-progressive {JPEGOPTIM_STRIP} -d "$OUT" "$1"'),
             "lossy -m{q} --all-progressive, metadata stripped except ICC", default=80,
             label="-m{q}", keep_missing=True),
    ]
    # ---- WebP ----
    t += [
        Spec("webp", "altloom", "altloom", "altloom", ALTLOOM + " --formats webp",
             "optimize --formats webp (preset web, quality targeting)"),
        Spec("webp", "sharp", "sharp", "sharp-cli", SHARP + " -f webp -q {q}",
             "-f webp -q {q} (effort 4)", default=80, lo=1, slope=-0.05),
        Spec("webp", "squoosh", "squoosh", "squoosh-cli",
             xargs(SQUOOSH + ' --webp "{quality:{q}}" -d "$OUT" "$1" >/dev/null'),
             "--webp {quality:{q}} (method 4), per file, 2 at a time", default=75,
             label="quality {q}", slope=-0.05),
        Spec("webp", "rimage", "rimage", "rimage",
             RIMAGE.replace("{codec}", "webp") + ' -q {q} "$IN"/*',
             "webp -q {q}, -t 2", default=75, slope=-0.05),
        Spec("webp", "cwebp", "cwebp", "cwebp",
             xargs('exec "$CWEBP" -quiet -q {q} "$1" -o "$OUT/"' + STEM + '.webp'),
             "-q {q} (method 4), 2 files at a time", default=75, slope=-0.05),
    ]
    # ---- AVIF ----
    t += [
        Spec("avif", "altloom", "altloom", "altloom", ALTLOOM + " --formats avif",
             "optimize --formats avif (preset web)"),
        Spec("avif", "sharp", "sharp", "sharp-cli", SHARP + " -f avif -q {q}",
             "-f avif -q {q} (effort 4, 4:4:4)", default=50, lo=1, slope=-0.05),
        Spec("avif", "squoosh", "squoosh", "squoosh-cli",
             xargs(SQUOOSH + ' --avif "{cqLevel:{q}}" -d "$OUT" "$1" >/dev/null'),
             "--avif {cqLevel:{q}} (speed 6), per file, 2 at a time", default=33, lo=0, hi=62,
             higher_is_better=False, label="cqLevel {q}", slope=-0.08),
        Spec("avif", "avifenc", "avifenc", "avifenc (aom)",
             xargs('exec "$AVIFENC" -j 1 --min 0 --max 63 -a end-usage=q -a cq-level={q} '
                   '"$1" "$OUT/"' + STEM + '.avif >/dev/null'),
             "speed 6 (default), cq-level {q}, -j 1, 2 files at a time", default=32, lo=0, hi=63,
             higher_is_better=False, label="cq-level {q}", slope=-0.08,
             note="avifenc 0.11 has no quality option; cq-level 32 is what libheif (under sharp) "
                  "sets for quality 50, taken as its default"),
    ]
    # ---- PNG ----
    t += [
        Spec("png", "altloom", "altloom", "altloom", ALTLOOM + " --formats png",
             "optimize --formats png (preset web: lossless, --png-lossy off)"),
        Spec("png", "oxipng", "oxipng", "oxipng", 'xargs -0 -a "$LIST" "$OXIPNG" -q -o 2 --dir "$OUT"',
             "-o 2 (its default level; lossless, all files in one process)"),
        Spec("png", "pngquant", "pngquant", "pngquant",
             xargs('exec "$PNGQUANT" --force --output "$OUT/"' + STEM + '.png -- "$1"'),
             "lossy, defaults (256 colours, speed 4), 2 files at a time"),
    ]
    return t


def altloom_target_off(group: str) -> Spec:
    return Spec(group, "altloom-target-off", "altloom", "altloom",
                ALTLOOM + f" --formats {group} --target off",
                f"optimize --formats {group} --target off (fixed settings of preset web)",
                in_defaults=False)


# ----------------------------------------------------------------------------------------------
# helpers

def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def sh_out(cmd: list[str], env: dict | None = None) -> str:
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=env)
        return (p.stdout or p.stderr).strip()
    except (OSError, subprocess.SubprocessError) as e:
        return f"unavailable ({e.__class__.__name__})"


def first_line(s: str) -> str:
    return s.splitlines()[0] if s else s


def machine_info() -> dict:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    os_name = ""
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                os_name = line.split("=", 1)[1].strip('"')
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": model, "mem": mem, "os": os_name,
            "kernel": platform.release(), "node": sh_out(["node", "--version"]),
            "python": platform.python_version()}


def tool_versions(env: dict, altloom: Path) -> dict:
    def have(exe: str) -> bool:
        return bool(Path(exe).exists() or shutil.which(exe))

    v = {
        "cwebp": sh_out([env["CWEBP"], "-version"]) if have(env["CWEBP"]) else "missing",
        "avifenc": first_line(sh_out([env["AVIFENC"], "--version"])) if have(env["AVIFENC"]) else "missing",
        "jpegoptim": first_line(sh_out([env["JPEGOPTIM"], "--version"])) if have(env["JPEGOPTIM"]) else "missing",
        "pngquant": sh_out([env["PNGQUANT"], "--version"]) if have(env["PNGQUANT"]) else "missing",
        "dssim": cargo_installed("dssim"),
        "oxipng": cargo_installed("oxipng"),
        "rimage": cargo_installed("rimage") + " (features: no avif)",
    }
    sharp_dir = BENCH / "node_modules" / "sharp-cli"
    if (sharp_dir / "package.json").exists():
        cli_v = json.loads((sharp_dir / "package.json").read_text()).get("version", "?")
        libs = sh_out(["node", "-e", "const v=require(process.argv[1]).versions;"
                       "console.log('sharp '+v.sharp+', libvips '+v.vips+', mozjpeg '+v.mozjpeg+"
                       "', libwebp '+v.webp+', libheif '+v.heif+', aom '+v.aom)",
                       str(BENCH / "node_modules" / "sharp")])
        v["sharp-cli"] = f"sharp-cli {cli_v} ({libs})"
    else:
        v["sharp-cli"] = "missing"
    sq = BENCH / "node_modules" / "@squoosh"
    if (sq / "cli" / "package.json").exists():
        cli_v = json.loads((sq / "cli" / "package.json").read_text()).get("version", "?")
        lib_v = json.loads((sq / "lib" / "package.json").read_text()).get("version", "?") \
            if (sq / "lib" / "package.json").exists() else "?"
        v["squoosh-cli"] = f"@squoosh/cli {cli_v} (@squoosh/lib {lib_v}, WebAssembly codecs)"
    else:
        v["squoosh-cli"] = "missing"
    v["altloom"] = sh_out([str(altloom), "--version"]) if altloom.exists() else "missing"
    return v


def cargo_installed(name: str) -> str:
    try:
        installs = json.loads((BENCH / "tools" / ".crates2.json").read_text())["installs"]
        return next((k.split(" (")[0] for k in installs if k.split()[0] == name), "missing")
    except (OSError, ValueError, KeyError):
        return "missing"


def link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def spread(files: list[Path], n: int | None) -> list[Path]:
    """n files spread evenly over the sorted list (all of them when n is None or larger)."""
    if n is None or n >= len(files):
        return files
    if n <= 0:
        return []
    step = len(files) / n
    return [files[int(i * step)] for i in range(n)]


def build_sets(limit: int | None) -> dict[str, list[Path]]:
    """Flat input directories: sets/jpeg, sets/png, sets/all (hard links into the corpus)."""
    jpgs = sorted((CORPUS / "jpeg").glob("*.jpg"))
    pngs = sorted((CORPUS / "png").glob("*.png"))
    if not jpgs or not pngs:
        sys.exit(f"run.py: corpus missing or empty in {CORPUS}: run bench/corpus.sh first")
    jpgs, pngs = spread(jpgs, limit), spread(pngs, limit)
    stems = [p.stem for p in jpgs + pngs]
    if len(stems) != len(set(stems)):
        sys.exit("run.py: corpus file stems must be unique")
    sets = {"jpeg": jpgs, "png": pngs, "all": jpgs + pngs}
    out = {}
    for name, files in sets.items():
        d = WORK / "sets" / name
        fresh_dir(d)
        lst = []
        for f in files:
            link_or_copy(f, d / f.name)
            lst.append(d / f.name)
        (WORK / "sets" / f"{name}.list").write_bytes(b"".join(str(p).encode() + b"\0" for p in lst))
        out[name] = lst
    return out


def png_bytes(width: int, height: int, rgb_rows: list[bytes]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = b"".join(b"\0" + row for row in rgb_rows)
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


def make_small_corpus(count: int, size: int = 32) -> Path:
    """`count` distinct size x size RGB PNGs (a gradient whose offsets encode the index, plus a
    little deterministic noise) in bench/work/small; rebuilt only when count or size change."""
    d = WORK / "small"
    stamp = f"{count} {size} v1\n"
    marker = WORK / "small.stamp"
    if d.is_dir() and marker.exists() and marker.read_text() == stamp:
        return d
    if d.exists():
        shutil.rmtree(d)
    d.mkdir(parents=True)
    for i in range(count):
        seed = (i * 2654435761) & 0xFFFFFFFF
        rows = []
        for y in range(size):
            row = bytearray()
            for x in range(size):
                seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
                noise = (seed >> 16) & 7
                row += bytes(((x * 7 + (i & 0xFF)) & 0xFF,
                              (y * 7 + ((i >> 8) & 0xFF) * 5) & 0xFF,
                              ((x + y) * 4 + noise + (i % 13) * 9) & 0xFF))
            rows.append(bytes(row))
        (d / f"s{i:05d}.png").write_bytes(png_bytes(size, size, rows))
    marker.write_text(stamp)
    return d


def read_rss_pages_of_group(pgid: int) -> int:
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                data = fh.read()
        except OSError:
            continue
        rest = data[data.rfind(b")") + 2:].split()
        # rest[0] = state (field 3), rest[2] = pgrp (field 5), rest[21] = rss (field 24)
        try:
            if int(rest[2]) == pgid:
                total += int(rest[21])
        except (IndexError, ValueError):
            continue
    return total


def cpu_busy_seconds() -> float:
    """Busy CPU time of the whole machine (all cores) from /proc/stat."""
    with open("/proc/stat") as fh:
        f = [int(x) for x in fh.readline().split()[1:]]
    idle = f[3] + (f[4] if len(f) > 4 else 0)
    return (sum(f[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def wait_quiet(max_wait: float, threshold: float = 0.15) -> float:
    """Waits until the machine is idle (busy < threshold of all cores over 0.5 s); returns the
    busy fraction last seen. Other people's builds on a 2-core box would distort every figure."""
    deadline = time.monotonic() + max_wait
    warned = False
    while True:
        b0, t0 = cpu_busy_seconds(), time.monotonic()
        time.sleep(0.5)
        frac = (cpu_busy_seconds() - b0) / ((time.monotonic() - t0) * (os.cpu_count() or 1))
        if frac < threshold or time.monotonic() >= deadline:
            if frac >= threshold:
                log(f"    warning: machine still {frac:.0%} busy after waiting {max_wait:.0f}s; measuring anyway")
            return frac
        if not warned:
            log(f"    machine {frac:.0%} busy with other work; waiting for it to go idle (max {max_wait:.0f}s)")
            warned = True


@dataclass
class RunResult:
    ok: bool
    rc: int
    wall: float
    user: float
    sys: float
    maxrss_kb: int
    tree_rss_kb: int
    other_cpu: float = 0.0  # busy CPU seconds on the machine not used by this batch (or this script)
    log_tail: str = ""


def contaminated(res: RunResult) -> bool:
    """Other processes took more than 10 % of the machine's CPU capacity during the run (and more
    than 0.05 CPU s, the resolution of /proc/stat's accounting in a short run)."""
    return res.other_cpu > max(0.05, 0.10 * res.wall * (os.cpu_count() or 1))


def timed_run(cmd: str, env: dict, log_path: Path) -> RunResult:
    tf = log_path.with_suffix(".time")
    page_kb = os.sysconf("SC_PAGE_SIZE") // 1024
    log_path.parent.mkdir(parents=True, exist_ok=True)
    busy0, self0 = cpu_busy_seconds(), os.times()
    with open(log_path, "wb") as logf:
        t0 = time.perf_counter()
        proc = subprocess.Popen([GNU_TIME, "-f", "%e %U %S %M", "-o", str(tf), "bash", "-c", cmd],
                                env=env, stdout=logf, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        peak = [0]
        stop = threading.Event()

        def sample() -> None:
            while not stop.is_set():
                peak[0] = max(peak[0], read_rss_pages_of_group(proc.pid))
                stop.wait(0.1)

        th = threading.Thread(target=sample, daemon=True)
        th.start()
        rc = proc.wait()
        wall = time.perf_counter() - t0
        stop.set()
        th.join()
    busy1, self1 = cpu_busy_seconds(), os.times()
    own_script = (self1.user - self0.user) + (self1.system - self0.system)
    user = sysc = 0.0
    maxrss = 0
    try:
        lines = [l for l in tf.read_text().splitlines() if l.strip()]
        parts = lines[-1].split()
        user, sysc, maxrss = float(parts[1]), float(parts[2]), int(parts[3])
    except (OSError, IndexError, ValueError):
        pass
    tail = ""
    if rc != 0:
        tail = "\n".join(log_path.read_text(errors="replace").splitlines()[-15:])
    other = max(0.0, (busy1 - busy0) - (user + sysc) - own_script)
    return RunResult(rc == 0, rc, wall, user, sysc, maxrss, peak[0] * page_kb, other, tail)


def fresh_dir(d: Path) -> None:
    """Empties (or creates) an output folder before a timed run."""
    if d.exists():
        shutil.rmtree(d)
    d.mkdir(parents=True)


def find_outputs(out_dir: Path, exts: tuple[str, ...]) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for p in sorted(out_dir.rglob("*")):
        if not p.is_file() or any(part.startswith(".") for part in p.relative_to(out_dir).parts):
            continue
        if p.suffix.lower() in exts:
            found.setdefault(p.stem, p)
    return found


def all_outputs(out_dir: Path) -> list[Path]:
    return [p for p in sorted(out_dir.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(out_dir).parts)]


def p95(values: list[float]) -> float:
    """95th percentile, nearest rank (a real file's score, never an interpolation)."""
    vals = [v for v in values if not math.isnan(v)]
    if not vals:
        return math.nan
    s = sorted(vals)
    return s[max(0, math.ceil(0.95 * len(s)) - 1)]


def mean(values: list[float]) -> float:
    vals = [v for v in values if not math.isnan(v)]
    return statistics.fmean(vals) if vals else math.nan


def median_run(runs: list[RunResult]) -> RunResult | None:
    if not runs:
        return None
    s = sorted(runs, key=lambda r: r.wall)
    return s[len(s) // 2]  # upper median for even counts: a real run, never an average


def fmt_num(x: float | None, nd: int) -> str:
    return "n/a" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{nd}f}"


def fmt_ratio(x: float | None) -> str:
    return "n/a" if x is None or math.isnan(x) else f"{x:.2f}×"


# ----------------------------------------------------------------------------------------------
# quality

FAST_PNG = ["-define", "png:compression-level=1", "-define", "png:compression-filter=0"]


def reference_png(src: Path) -> Path:
    """JPEG sources are compared against their own decode (ImageMagick) as PNG."""
    if src.suffix.lower() == ".png":
        return src
    ref = WORK / "refs" / (src.stem + ".png")
    if not ref.exists() or ref.stat().st_mtime < src.stat().st_mtime:
        ref.parent.mkdir(parents=True, exist_ok=True)
        tmp = ref.with_suffix(".tmp.png")
        subprocess.run(["convert", str(src), *FAST_PNG, f"PNG:{tmp}"], check=True, capture_output=True)
        tmp.replace(ref)
    return ref


def pam_to_png(pam: Path, png: Path) -> None:
    """dwebp's PAM output as an uncompressed PNG (dwebp's own PNG writer spends ~15x the decode
    time compressing; dssim reads a stored PNG just as well)."""
    data = pam.read_bytes()
    end = data.index(b"ENDHDR\n") + len(b"ENDHDR\n")
    fields = dict(line.split(b" ", 1) for line in data[:end].split(b"\n") if b" " in line)
    w, h, depth = int(fields[b"WIDTH"]), int(fields[b"HEIGHT"]), int(fields[b"DEPTH"])
    colour_type = {1: 0, 2: 4, 3: 2, 4: 6}[depth]
    stride = w * depth
    px = memoryview(data)[end:]
    raw = b"".join(b"\0" + px[i * stride:(i + 1) * stride] for i in range(h))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))
    png.write_bytes(b"\x89PNG\r\n\x1a\n"
                    + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, colour_type, 0, 0, 0))
                    + chunk(b"IDAT", zlib.compress(raw, 0)) + chunk(b"IEND", b""))


def comparable(out: Path, dec_dir: Path, env: dict) -> tuple[Path | None, bool]:
    """A PNG dssim can read for this output; the flag says whether it is a temporary decode."""
    ext = out.suffix.lower()
    if ext == ".png":
        return out, False
    dec = dec_dir / (out.stem + ".png")
    dec.parent.mkdir(parents=True, exist_ok=True)
    if ext in (".jpg", ".jpeg"):
        # same decoder (ImageMagick/libjpeg-turbo) as the JPEG references, so that a lossless
        # JPEG rewrite scores 0 rather than the difference between two JPEG decoders
        cmd = ["convert", str(out), *FAST_PNG, f"PNG:{dec}"]
    elif ext == ".webp":
        pam = dec.with_suffix(".pam")
        p = subprocess.run([env["DWEBP"], "-quiet", "-pam", str(out), "-o", str(pam)],
                           capture_output=True, text=True)
        if p.returncode != 0 or not pam.exists():
            return None, True
        try:
            pam_to_png(pam, dec)
        except (ValueError, KeyError, OSError):
            return None, True
        finally:
            pam.unlink(missing_ok=True)
        return dec, True
    elif ext == ".avif":
        cmd = [env["AVIFDEC"], "--png-compress", "1", str(out), str(dec)]
    else:
        return None, False
    p = subprocess.run(cmd, capture_output=True, text=True)
    return (dec if p.returncode == 0 and dec.exists() else None), True


def dssim_scores(ref: Path, outs: list[Path]) -> list[float]:
    """One dssim call per source against many outputs; NaN for failures."""
    if not outs:
        return []
    p = subprocess.run([str(TOOLS_BIN / "dssim"), str(ref), *map(str, outs)],
                       capture_output=True, text=True)
    scores: dict[str, float] = {}
    for line in p.stdout.splitlines():
        parts = line.split("\t", 1)
        if len(parts) == 2:
            try:
                scores[parts[1].strip()] = float(parts[0])
            except ValueError:
                pass
    res = [scores.get(str(o), math.nan) for o in outs]
    if any(math.isnan(x) for x in res):
        # retry one by one so one bad file does not hide the others
        res = []
        for o in outs:
            q = subprocess.run([str(TOOLS_BIN / "dssim"), str(ref), str(o)], capture_output=True, text=True)
            try:
                res.append(float(q.stdout.split()[0]))
            except (IndexError, ValueError):
                res.append(math.nan)
    return res


# ----------------------------------------------------------------------------------------------
# measurements

@dataclass(eq=False)
class Meas:
    """One tool at one setting over one format group: timed runs, sizes and per-file dssim."""
    group: str
    spec: Spec
    q: int | None
    out_dir: Path
    inputs: list[Path]
    runs: list[RunResult] = field(default_factory=list)
    sizes: dict[str, int] = field(default_factory=dict)     # source stem -> output bytes
    scores: dict[str, float] = field(default_factory=dict)  # source stem -> dssim
    kept: int = 0
    missing: list[str] = field(default_factory=list)
    scored: bool = False
    skipped: str = ""

    @property
    def key(self) -> tuple:
        return (self.group, self.spec.id, self.q)

    @property
    def files_total(self) -> int:
        return len(self.inputs)

    @property
    def files_out(self) -> int:
        return len(self.sizes)

    @property
    def bytes_in(self) -> int:
        return sum(s.stat().st_size for s in self.inputs if s.stem in self.sizes)

    @property
    def bytes_out(self) -> int:
        return sum(self.sizes.values())

    @property
    def p95(self) -> float:
        return p95(list(self.scores.values())) if self.scored else math.nan

    @property
    def mean(self) -> float:
        return mean(list(self.scores.values())) if self.scored else math.nan

    @property
    def wall(self) -> float:
        m = median_run(self.runs)
        return m.wall if m else math.nan

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(r.ok for r in self.runs)

    def to_json(self) -> dict:
        return {
            "group": self.group, "id": self.spec.id, "tool": self.spec.name, "setting": self.q,
            "settings": self.spec.settings(self.q), "command": self.spec.command(self.q),
            "skipped": self.skipped, "runs": [vars(r) for r in self.runs],
            "wall_median": None if math.isnan(self.wall) else self.wall,
            "files_total": self.files_total, "files_out": self.files_out, "kept": self.kept,
            "missing": self.missing, "bytes_in": self.bytes_in, "bytes_out": self.bytes_out,
            "p95_dssim": None if math.isnan(self.p95) else self.p95,
            "mean_dssim": None if math.isnan(self.mean) else self.mean,
            "per_file": {s.stem: {"bytes": self.sizes.get(s.stem),
                                  "dssim": (None if s.stem not in self.scores or math.isnan(self.scores[s.stem])
                                            else self.scores[s.stem])}
                         for s in self.inputs},
        }


class Bench:
    def __init__(self, args: argparse.Namespace, env: dict, sets: dict[str, list[Path]]):
        self.args = args
        self.env = env
        self.sets = sets
        self.memo: dict[tuple, Meas] = {}
        self.score_cache: dict[tuple[str, str], float] = {}  # (source stem, output digest) -> dssim
        self.dssim_runs = 0
        self.needs = {"altloom": env["ALTLOOM"], "sharp": env["SHARP"], "cwebp": env["CWEBP"],
                      "avifenc": env["AVIFENC"], "jpegoptim": env["JPEGOPTIM"],
                      "pngquant": env["PNGQUANT"], "oxipng": env["OXIPNG"],
                      "squoosh": env["SQUOOSH"], "rimage": env["RIMAGE"]}

    # -- plumbing --

    def group_env(self, group: str) -> dict:
        set_name = GROUPS[group][0]
        return dict(self.env, IN=str(WORK / "sets" / set_name),
                    LIST=str(WORK / "sets" / f"{set_name}.list"))

    def missing_exe(self, spec: Spec) -> str:
        exe = self.needs.get(spec.family, "")
        if exe and not (Path(exe).exists() or shutil.which(exe)):
            return f"{exe} not found" + (" (run bench/setup.sh)" if spec.family != "altloom" else "")
        return ""

    def meas(self, spec: Spec, q: int | None) -> Meas:
        key = (spec.group, spec.id, q)
        m = self.memo.get(key)
        if m is None:
            tag = spec.id if q is None else f"{spec.id}@{q}"
            m = Meas(spec.group, spec, q, WORK / "out" / spec.group / tag,
                     self.sets[GROUPS[spec.group][0]])
            m.skipped = self.missing_exe(spec)
            self.memo[key] = m
        return m

    def timed(self, cmd: str, env: dict, logp: Path, label: str, prepare=None) -> RunResult:
        """One timed run, measured again when other processes competed for the CPUs."""
        def attempt() -> RunResult:
            if prepare:
                prepare()
            if self.args.max_wait > 0:
                wait_quiet(self.args.max_wait)
            run = timed_run(cmd, env, logp)
            log(f"    {label}: wall {run.wall:.2f}s cpu {run.user + run.sys:.2f}s rc {run.rc}"
                f" (other processes: {run.other_cpu:.2f} CPU s)")
            return run

        res = attempt()
        for _ in range(self.args.retries):
            if not contaminated(res):
                break
            log("    other processes competed for the CPUs: measuring again")
            again = attempt()
            # outputs are the same bytes on every run (deterministic encoders); only the
            # timing of the least disturbed run is kept
            if again.other_cpu < res.other_cpu or not contaminated(again):
                res = again
        return res

    def wants_more_runs(self, runs: list[RunResult], wanted: int) -> bool:
        if len(runs) >= wanted:
            return False
        # long runs are measured once: their relative noise is small and repeats are expensive
        return not runs or runs[0].wall <= self.args.repeat_max_s

    def run_once(self, m: Meas) -> None:
        def prepare() -> None:
            fresh_dir(m.out_dir)

        label = f"[{m.group}] {m.spec.name} {m.spec.settings(m.q)} (run {len(m.runs) + 1})"
        log(label)
        logp = WORK / "logs" / m.group / f"{m.out_dir.name}.log"
        res = self.timed(m.spec.command(m.q), dict(self.group_env(m.group), OUT=str(m.out_dir)),
                         logp, "batch", prepare)
        m.runs.append(res)
        self.collect(m)

    def collect(self, m: Meas) -> None:
        exts = GROUPS[m.group][1]
        outs = find_outputs(m.out_dir, exts)
        m.sizes, m.kept, m.missing = {}, 0, []
        for src in m.inputs:
            o = outs.get(src.stem)
            if o is None and m.spec.keep_missing:
                o = m.out_dir / src.name
                shutil.copy2(src, o)
                m.kept += 1
            if o is None:
                m.missing.append(src.name)
                continue
            m.sizes[src.stem] = o.stat().st_size

    def ensure(self, pairs: list[tuple[Spec, int | None]], runs: int, quality: bool = True) -> list[Meas]:
        """Measures every (spec, setting) at least once and up to `runs` times (interleaved), then
        scores the new outputs with dssim in one sweep."""
        ms: list[Meas] = []
        for spec, q in pairs:
            m = self.meas(spec, q)
            if m not in ms:
                ms.append(m)
        live = [m for m in ms if not m.skipped]
        for rep in range(max(1, runs)):
            for m in live:
                if len(m.runs) <= rep and self.wants_more_runs(m.runs, max(1, runs)):
                    self.run_once(m)
        if quality and not self.args.no_quality:
            self.sweep([m for m in live if not m.scored and m.runs])
        return ms

    def sweep(self, ms: list[Meas]) -> None:
        """dssim of every output of `ms` against its source: one dssim process per source over all
        the measurements' outputs of that source (the reference is analysed once), 2 at a time."""
        if not ms:
            return
        t0, c0, runs0 = time.perf_counter(), os.times(), self.dssim_runs
        by_group: dict[str, list[Meas]] = {}
        for m in ms:
            by_group.setdefault(m.group, []).append(m)
        for group, gms in by_group.items():
            exts = GROUPS[group][1]
            outs = {m.key: find_outputs(m.out_dir, exts) for m in gms}
            # copies of untouched sources (keep_missing) carry the source's name
            for m in gms:
                for src in m.inputs:
                    if src.stem not in outs[m.key] and (m.out_dir / src.name).exists():
                        outs[m.key][src.stem] = m.out_dir / src.name
            inputs = gms[0].inputs
            dec_root = WORK / "decoded" / group

            def per_source(src: Path):
                # outputs with the same bytes as one already scored (the same tool's untouched
                # copies, or two tools on the same encoder and settings) reuse its score
                items, todo = [], {}
                for m in gms:
                    o = outs[m.key].get(src.stem)
                    if o is None:
                        continue
                    digest = hashlib.blake2b(o.read_bytes(), digest_size=16).hexdigest()
                    items.append((m, digest))
                    if (src.stem, digest) not in self.score_cache and digest not in todo:
                        todo[digest] = (o, m)
                if todo:
                    ref = reference_png(src)
                    comps = [(d, *comparable(o, dec_root / m.out_dir.name, self.env))
                             for d, (o, m) in todo.items()]
                    good = [(d, c) for d, c, _ in comps if c is not None]
                    for (d, _), score in zip(good, dssim_scores(ref, [c for _, c in good])):
                        if not math.isnan(score):
                            self.score_cache[(src.stem, d)] = score
                    for _, c, temp in comps:
                        if temp and c is not None:
                            c.unlink(missing_ok=True)
                    self.dssim_runs += len(good)
                return src, [(m, self.score_cache.get((src.stem, d), math.nan)) for m, d in items]

            with cf.ThreadPoolExecutor(max_workers=WORKERS) as ex:
                for src, pairs in ex.map(per_source, inputs):
                    for m, s in pairs:
                        m.scores[src.stem] = s
            for m in gms:
                m.scored = True
        c1 = os.times()
        cpu = (c1.children_user - c0.children_user) + (c1.children_system - c0.children_system)
        log(f"    dssim: {sum(len(m.sizes) for m in ms)} outputs ({self.dssim_runs - runs0} compared, the"
            f" rest identical to outputs already scored) in {time.perf_counter() - t0:.1f}s"
            f" ({cpu:.1f} CPU s with the decodes)")


# ----------------------------------------------------------------------------------------------
# tuning

class Tuner:
    """Searches a peer's integer setting for the lowest quality whose p95 dssim over the group is
    at most the target. Works on a quality axis u (u = setting, or -setting for cq-levels, so
    larger u = better quality) and models ln(p95) as linear in u: the first step extrapolates from
    the default with a prior slope (or the slope fitted to the points so far), then the bracket
    [highest failing u, lowest passing u] is narrowed by interpolating ln(p95) until it is one
    step wide or the pass limit is reached."""

    def __init__(self, spec: Spec, target: float, cap: int):
        self.spec = spec
        self.target = target
        self.cap = cap
        self.points: dict[int, float] = {}  # setting -> p95
        self.order: list[int] = []
        self.done = ""

    def u(self, s: int) -> int:
        return s if self.spec.higher_is_better else -s

    def s(self, u: int) -> int:
        return u if self.spec.higher_is_better else -u

    @property
    def u_range(self) -> tuple[int, int]:
        lo, hi = self.spec.lo, self.spec.hi
        return (lo, hi) if self.spec.higher_is_better else (-hi, -lo)

    def add(self, s: int, value: float) -> None:
        self.points[s] = value
        self.order.append(s)

    @staticmethod
    def ln(x: float) -> float:
        return math.log(max(x, 1e-7))

    def fitted_slope(self, pts: dict[int, float]) -> float:
        if len(pts) >= 2:
            us = list(pts)
            ys = [self.ln(pts[u]) for u in us]
            mu, my = statistics.fmean(us), statistics.fmean(ys)
            den = sum((u - mu) ** 2 for u in us)
            if den > 0:
                slope = sum((u - mu) * (y - my) for u, y in zip(us, ys)) / den
                if slope < -0.005:
                    return max(slope, -0.5)
                return -0.005  # flat: the p95 hardly moves with the setting
        return self.spec.slope

    def next(self) -> int | None:
        if self.done:
            return None
        pts = {self.u(s): v for s, v in self.points.items() if not math.isnan(v)}
        if not pts:
            self.done = "no measurement"
            return None
        t = self.target
        lo_u, hi_u = self.u_range
        passing = [u for u, v in pts.items() if v <= t]
        low_pass = min(passing) if passing else None
        below = [u for u, v in pts.items() if v > t and (low_pass is None or u < low_pass)]
        top_fail = max(below) if below else None
        if low_pass is not None and top_fail is not None and low_pass - top_fail <= 1:
            self.done = "bracketed to one step"
            return None
        if len(self.order) >= self.cap:
            self.done = f"pass limit ({self.cap})"
            return None
        if low_pass is not None and top_fail is not None:
            lf, lp, lt = self.ln(pts[top_fail]), self.ln(pts[low_pass]), self.ln(t)
            frac = (lf - lt) / (lf - lp) if lf > lp else 0.5
            cand = math.ceil(top_fail + frac * (low_pass - top_fail) - 1e-9)
            cand = min(max(cand, top_fail + 1), low_pass - 1)
            return self.s(cand)
        slope = self.fitted_slope(pts)
        if low_pass is None:  # everything failed: better quality
            u0 = max(pts)
            if u0 >= hi_u:
                self.done = "not reached at the best setting"
                return None
            du = (self.ln(t) - self.ln(pts[u0])) / slope
            if len(pts) >= 2 and du > 2 * (hi_u - u0):
                # the p95 hardly moves with the setting (typically one file whose colours the tool
                # gets wrong at any quality): even the best setting would not reach the target
                self.done = "p95 too flat to reach the target in the setting's range"
                return None
            cand = min(hi_u, u0 + min(30, max(1, math.ceil(du * 1.1 + 0.5))))
        else:  # everything passed: lower quality
            u0 = min(pts)
            if u0 <= lo_u:
                self.done = "the lowest setting passes"
                return None
            du = (self.ln(t) - self.ln(pts[u0])) / slope
            cand = max(lo_u, u0 - min(30, max(1, math.ceil(-du * 1.1 + 0.5))))
        if cand in pts:
            self.done = "converged"
            return None
        return self.s(cand)

    def result(self) -> tuple[int | None, bool]:
        """(setting, reached): the lowest-quality passing setting; else the best one tried."""
        pts = {s: v for s, v in self.points.items() if not math.isnan(v)}
        if not pts:
            return None, False
        passing = [s for s, v in pts.items() if v <= self.target]
        if passing:
            return min(passing, key=self.u), True
        return max(pts, key=self.u), False


# ----------------------------------------------------------------------------------------------
# report helpers

def group_title(group: str, sets: dict[str, list[Path]]) -> str:
    nj, npng = len(sets["jpeg"]), len(sets["png"])
    return {
        "jpeg": f"JPEG → JPEG ({nj} JPEG sources)",
        "webp": f"all sources → WebP ({nj} JPEG + {npng} PNG)",
        "avif": f"all sources → AVIF ({nj} JPEG + {npng} PNG)",
        "png": f"PNG → PNG ({npng} PNG sources)",
    }[group]


def runs_note(ms: list[Meas], repeat: int, cap: float) -> str:
    counts = sorted({len(m.runs) for m in ms if m.runs})
    if repeat <= 1 or not counts:
        return ""
    return (f"wall s is the median of each row's runs ({repeat}, or 1 for a batch whose first run"
            f" took over {cap:.0f} s; see the runs column); CPU and RSS are from that run.")


def meas_notes(m: Meas, label: str) -> list[str]:
    notes = []
    r = median_run(m.runs)
    if r and contaminated(r):
        notes.append(f"{label}: other processes used {r.other_cpu:.1f} CPU s during this run: its times are inflated.")
    if m.kept:
        notes.append(f"{label}: {m.kept} file(s) it could not shrink were left as they were; their"
                     " source bytes are counted as output.")
    if m.missing:
        notes.append(f"{label}: no output for {len(m.missing)} file(s): "
                     + ", ".join(m.missing[:8]) + (" …" if len(m.missing) > 8 else ""))
    nan = sum(1 for v in m.scores.values() if math.isnan(v))
    if nan:
        notes.append(f"{label}: dssim failed on {nan} output(s).")
    if m.runs and not m.ok:
        tail = next((x.log_tail for x in m.runs if not x.ok), "")
        notes.append(f"{label} failed (exit " + ",".join(str(x.rc) for x in m.runs if not x.ok) + "): "
                     + (tail.replace("\n", " ⏎ ")[:600] or "(no output)"))
    return notes


def render_defaults(group: str, ms: list[Meas], b: Bench) -> str:
    hdr = ["tool", "settings", "files", "runs", "wall s", "CPU s", "CPU/wall", "peak RSS MB",
           "tree RSS MB", "bytes in", "bytes out", "out/in %", "mean dssim", "p95 dssim"]
    lines = [f"### {group_title(group, b.sets)}", "", "| " + " | ".join(hdr) + " |", "|" + "---|" * len(hdr)]
    notes = []
    for m in ms:
        t = m.spec
        settings = t.settings(m.q)
        if m.skipped:
            lines.append(f"| {t.name} | {settings} | — | skipped: {m.skipped} |" + " |" * (len(hdr) - 4))
            continue
        r = median_run(m.runs)
        cpu = r.user + r.sys
        ratio = 100.0 * m.bytes_out / m.bytes_in if m.bytes_in else math.nan
        lines.append("| " + " | ".join([
            t.name, settings, f"{m.files_out}/{m.files_total}", str(len(m.runs)), f"{r.wall:.2f}",
            f"{cpu:.2f}", fmt_num(cpu / r.wall if r.wall else math.nan, 2), f"{r.maxrss_kb / 1024:.0f}",
            f"{r.tree_rss_kb / 1024:.0f}", f"{m.bytes_in:,}", f"{m.bytes_out:,}",
            fmt_num(ratio, 1), fmt_num(m.mean, 5), fmt_num(m.p95, 5)]) + " |")
        notes += meas_notes(m, f"{t.name} ({settings})")
        if t.note:
            notes.append(f"{t.name}: {t.note}.")
    rn = runs_note(ms, b.args.repeat, b.args.repeat_max_s)
    if rn:
        notes.append(rn)
    if notes:
        lines += [""] + [f"- {n}" for n in notes]
    return "\n".join(lines) + "\n"


def common_ratio(a: Meas, p: Meas, what: str = "bytes") -> tuple[float, bool]:
    """Altloom/peer total bytes over the files both wrote; the flag says all files were common."""
    common = [s for s in a.sizes if s in p.sizes]
    pa = sum(a.sizes[s] for s in common)
    pp = sum(p.sizes[s] for s in common)
    full = len(common) == len(a.inputs)
    return (pa / pp if pp else math.nan), full


def pass_trail(tuner: Tuner, b: Bench) -> str:
    parts = []
    for s in tuner.order:
        v = tuner.points.get(s, math.nan)
        mark = "n/a" if math.isnan(v) else ("✓" if v <= tuner.target else "✗")
        parts.append(f"{s} {fmt_num(v, 5)} {mark}")
    return ", ".join(parts)


# ----------------------------------------------------------------------------------------------
# sections

def section_defaults(b: Bench, formats: list[str], specs: list[Spec]) -> dict[str, list[Meas]]:
    out = {}
    for group in formats:
        gs = [s for s in specs if s.group == group and s.in_defaults]
        if not gs:
            continue
        out[group] = b.ensure([(s, s.default) for s in gs], b.args.repeat)
    return out


def section_matched(b: Bench, formats: list[str], specs: list[Spec], all_specs: list[Spec]) -> dict:
    res: dict = {"groups": {}, "lossless_png": None}
    for group in [g for g in formats if g in LOSSY]:
        alt_spec = next(s for s in all_specs if s.group == group and s.id == "altloom")
        alt = b.ensure([(alt_spec, None)], b.args.repeat)[0]
        if alt.skipped or math.isnan(alt.p95):
            log(f"[{group}] matched: altloom has no p95 dssim; skipped")
            continue
        target = alt.p95
        peers = [s for s in specs if s.group == group and s.tunable and not b.missing_exe(s)]
        cap = b.args.avif_passes if group == "avif" else b.args.passes
        log(f"[{group}] matched: altloom p95 dssim {target:.5f}; tuning {', '.join(s.id for s in peers)}"
            f" (at most {cap} passes each)")
        tuners = {s.id: Tuner(s, target, cap) for s in peers}
        proposals = [(s, s.default) for s in peers]
        rnd = 0
        while proposals:
            rnd += 1
            log(f"[{group}] tuning round {rnd}: " + ", ".join(f"{s.id} {s.setting_label(q)}" for s, q in proposals))
            ms = b.ensure(proposals, 1)
            for (s, q), m in zip(proposals, ms):
                tuners[s.id].add(q, m.p95 if m.ok or m.files_out else math.nan)
            proposals = []
            for s in peers:
                nq = tuners[s.id].next()
                if nq is not None:
                    proposals.append((s, nq))
        finals = []
        for s in peers:
            q, reached = tuners[s.id].result()
            if q is not None:
                finals.append((s, q, reached))
        log(f"[{group}] matched settings: " + ", ".join(f"{s.id} {s.setting_label(q)}{'' if r else ' (not reached)'}"
                                                        for s, q, r in finals))
        b.ensure([(s, q) for s, q, _ in finals], b.args.repeat)
        res["groups"][group] = {"target": target, "altloom": alt, "tuners": tuners, "finals": finals,
                                "peers": peers}
    if "png" in formats:
        alt_spec = next(s for s in all_specs if s.group == "png" and s.id == "altloom")
        lossless = [s for s in all_specs if s.group == "png" and s.family == "oxipng"]
        ms = b.ensure([(alt_spec, None)] + [(s, None) for s in lossless], b.args.repeat)
        res["lossless_png"] = ms
    return res


def render_matched(b: Bench, res: dict) -> str:
    out = []
    for group, g in res["groups"].items():
        alt: Meas = g["altloom"]
        target = g["target"]
        hdr = ["tool", "matched setting", "files", "p95 dssim", "mean dssim", "bytes out",
               "Altloom/peer bytes", "wall s", "Altloom/peer wall", "runs", "tuning passes (setting p95)"]
        lines = [f"### Quality-matched: {group_title(group, b.sets)}", "",
                 f"Target: each peer's lowest setting whose p95 dssim is ≤ Altloom's p95 at its default "
                 f"preset, **{target:.5f}**.", "",
                 "| " + " | ".join(hdr) + " |", "|" + "---|" * len(hdr)]
        lines.append("| " + " | ".join([
            "altloom", alt.spec.settings(None), f"{alt.files_out}/{alt.files_total}", fmt_num(alt.p95, 5),
            fmt_num(alt.mean, 5), f"{alt.bytes_out:,}", "1.00×", fmt_num(alt.wall, 2), "1.00×",
            str(len(alt.runs)), "—"]) + " |")
        notes = meas_notes(alt, "altloom")
        for s, q, reached in g["finals"]:
            m = b.meas(s, q)
            tuner = g["tuners"][s.id]
            br, full = common_ratio(alt, m)
            wr = alt.wall / m.wall if m.wall else math.nan
            setting = f"{s.setting_label(q)}" + ("" if reached else " (p95 not reached)")
            lines.append("| " + " | ".join([
                s.name, f"{setting}: {s.settings(q)}", f"{m.files_out}/{m.files_total}", fmt_num(m.p95, 5),
                fmt_num(m.mean, 5), f"{m.bytes_out:,}", fmt_ratio(br), fmt_num(m.wall, 2), fmt_ratio(wr),
                str(len(m.runs)), pass_trail(tuner, b)]) + " |")
            label = f"{s.name} ({s.settings(q)})"
            notes += meas_notes(m, label)
            if not full:
                notes.append(f"{s.name} ({s.settings(q)}): bytes ratio over the {len([x for x in alt.sizes if x in m.sizes])}"
                             " files both tools wrote.")
            if not reached:
                worst = sorted(((v, k) for k, v in m.scores.items() if not math.isnan(v)), reverse=True)[:2]
                notes.append(f"{label}: no setting tried reached Altloom's p95 ({tuner.done}); the row shows"
                             " the best setting tried and is left out of the targets. Its worst files there: "
                             + ", ".join(f"{k} {v:.5f}" for v, k in worst) + ".")
            elif tuner.done and tuner.done.startswith("pass limit"):
                notes.append(f"{label}: stopped at the pass limit before the bracket was one step wide;"
                             " the lowest passing setting tried is shown.")
        notes.append("Tuning passes run each tool's own batch command (timed too); the matched setting's"
                     " timing is the median of its runs.")
        lines += [""] + [f"- {n}" for n in notes]
        out.append("\n".join(lines) + "\n")
    if res.get("lossless_png"):
        ms = res["lossless_png"]
        alt = ms[0]
        hdr = ["tool", "settings", "files", "bytes in", "bytes out", "Altloom/peer bytes", "wall s",
               "Altloom/peer wall", "runs", "p95 dssim"]
        lines = [f"### Lossless PNG ({len(b.sets['png'])} PNG sources)", "",
                 "| " + " | ".join(hdr) + " |", "|" + "---|" * len(hdr)]
        for m in ms:
            if m.skipped:
                lines.append(f"| {m.spec.name} | {m.spec.settings(None)} | skipped: {m.skipped} |" + " |" * (len(hdr) - 3))
                continue
            br, _ = common_ratio(alt, m)
            wr = alt.wall / m.wall if m.wall else math.nan
            lines.append("| " + " | ".join([
                m.spec.name, m.spec.settings(None), f"{m.files_out}/{m.files_total}", f"{m.bytes_in:,}",
                f"{m.bytes_out:,}", fmt_ratio(br), fmt_num(m.wall, 2), fmt_ratio(wr), str(len(m.runs)),
                fmt_num(m.p95, 5)]) + " |")
        lines += ["", "- oxipng's default optimisation level is 2, so `-o 2` is also its default row;"
                  " altloom's PNG mode is lossless unless --png-lossy is given (it converts ICC-profiled"
                  " images to sRGB, which the p95 dssim shows)."]
        out.append("\n".join(lines) + "\n")
    return "\n".join(out)


def section_targeting(b: Bench, formats: list[str], all_specs: list[Spec]) -> dict:
    out = {}
    for group in [g for g in ("jpeg", "webp") if g in formats]:
        alt_spec = next(s for s in all_specs if s.group == group and s.id == "altloom")
        off = altloom_target_off(group)
        ms = b.ensure([(alt_spec, None), (off, None)], b.args.repeat)
        out[group] = ms
    return out


def render_targeting(b: Bench, res: dict) -> str:
    if not res:
        return ""
    hdr = ["group", "settings", "files", "runs", "wall s", "CPU s", "bytes out", "mean dssim",
           "p95 dssim", "targeting/fixed wall"]
    lines = ["### Quality targeting against fixed settings (altloom)", "",
             "| " + " | ".join(hdr) + " |", "|" + "---|" * len(hdr)]
    notes = []
    for group, (alt, off) in res.items():
        for m in (alt, off):
            if m.skipped:
                continue
            r = median_run(m.runs)
            ratio = alt.wall / off.wall if m is alt and off.wall else math.nan
            lines.append("| " + " | ".join([
                GROUPS[group][2], m.spec.settings(None), f"{m.files_out}/{m.files_total}", str(len(m.runs)),
                f"{r.wall:.2f}", f"{r.user + r.sys:.2f}", f"{m.bytes_out:,}", fmt_num(m.mean, 5),
                fmt_num(m.p95, 5), fmt_ratio(ratio) if m is alt else ""]) + " |")
            notes += meas_notes(m, f"altloom ({group}, {m.spec.settings(None)})")
    if notes:
        lines += [""] + [f"- {n}" for n in notes]
    return "\n".join(lines) + "\n"


def variant_commands(sharp_quality: dict[str, int] | None = None) -> tuple[str, str]:
    """altloom's one run and sharp-cli's nine batches; `sharp_quality` gives sharp-cli a -q per
    format (JPEG with --mozjpeg) instead of its defaults."""
    widths = ",".join(str(w) for w in VARIANT_WIDTHS)
    alt = (ALTLOOM + f" --formats {','.join(VARIANT_FORMATS)} --widths {widths} --no-original-size")
    cmds = []
    for w in VARIANT_WIDTHS:
        for f in VARIANT_FORMATS:
            d = f'"$OUT/{w}-{f}"'
            quality = ""
            if sharp_quality is not None:
                quality = f" -q {sharp_quality[f]}" + (" --mozjpeg" if f == "jpeg" else "")
            cmds.append(f'mkdir -p {d} && "$SHARP" -i "$IN/*" -o {d} -f {f}{quality} resize {w}'
                        " --withoutEnlargement")
    return alt, " && ".join(cmds)


def matched_sharp_quality(matched: dict | None) -> dict[str, int] | None:
    """sharp-cli's setting at Altloom's p95 for each variant format, from the matched section
    (JPEG: the --mozjpeg row), or None when the matched section did not tune all three."""
    if not matched:
        return None
    found = {}
    for group, sid in (("jpeg", "sharp-mozjpeg"), ("webp", "sharp"), ("avif", "sharp")):
        g = matched["groups"].get(group)
        q = next((q for s, q, _ in (g or {}).get("finals", []) if s.id == sid), None)
        if q is None:
            return None
        found[group] = q
    return found


def section_variants(b: Bench, matched: dict | None) -> dict:
    """The multi-variant job four ways: altloom at its default (quality targeting) and with
    --target off (fixed settings), sharp-cli at its defaults and, when the matched section ran
    for JPEG, WebP and AVIF, at the settings that matched Altloom's p95 there."""
    alt_cmd, sharp_cmd = variant_commands()
    sharp_quality = matched_sharp_quality(matched)
    env = b.group_env("jpeg")  # the photographs
    res = {"input_set": "jpeg", "widths": list(VARIANT_WIDTHS), "formats": list(VARIANT_FORMATS), "rows": [],
           "sharp_matched": sharp_quality}
    rows = [("altloom", "one run: --formats jpeg,webp,avif --widths 480,1024,1920 --no-original-size",
             alt_cmd, "altloom"),
            ("altloom --target off", "the same with --target off (fixed settings)",
             alt_cmd + " --target off", "altloom"),
            ("sharp-cli", "9 batch commands, one per (width, format), default quality, resize W"
             " --withoutEnlargement", sharp_cmd, "sharp")]
    if sharp_quality is not None:
        label = ", ".join(f"{f} -q {q}" for f, q in sharp_quality.items())
        rows.append(("sharp-cli matched", f"the same 9 batches at Altloom's p95 from the matched section ({label};"
                     " JPEG --mozjpeg)", variant_commands(sharp_quality)[1], "sharp"))
    for name, desc, cmd, fam in rows:
        row = {"tool": name, "settings": desc, "command": cmd, "runs": [], "outputs": 0, "bytes_out": 0,
               "skipped": ""}
        exe = b.needs[fam]
        if not (Path(exe).exists() or shutil.which(exe)):
            row["skipped"] = f"{exe} not found"
            res["rows"].append(row)
            continue
        out_dir = WORK / "out" / "variants" / name.replace(" ", "_").replace("-", "_")

        def prepare(d=out_dir) -> None:
            fresh_dir(d)

        runs: list[RunResult] = []
        while b.wants_more_runs(runs, b.args.repeat):
            log(f"[variants] {name} (run {len(runs) + 1})")
            runs.append(b.timed(cmd, dict(env, OUT=str(out_dir)),
                                WORK / "logs" / "variants" / f"{out_dir.name}.log", "batch", prepare))
        files = all_outputs(out_dir)
        row.update(runs=runs, outputs=len(files), bytes_out=sum(p.stat().st_size for p in files))
        res["rows"].append(row)
    return res


def render_variants(b: Bench, res: dict) -> str:
    hdr = ["tool", "settings", "runs", "outputs", "bytes out", "wall s", "CPU s", "peak RSS MB",
           "wall ms per output"]
    n = len(b.sets["jpeg"])
    lines = [f"### Multi-variant job: {n} JPEG photographs → widths "
             f"{', '.join(map(str, VARIANT_WIDTHS))} × JPEG, WebP, AVIF", "",
             "| " + " | ".join(hdr) + " |", "|" + "---|" * len(hdr)]
    notes = []
    for row in res["rows"]:
        if row["skipped"]:
            lines.append(f"| {row['tool']} | {row['settings']} | skipped: {row['skipped']} |" + " |" * (len(hdr) - 3))
            continue
        r = median_run(row["runs"])
        per = 1000 * r.wall / row["outputs"] if row["outputs"] else math.nan
        lines.append("| " + " | ".join([
            row["tool"], row["settings"], str(len(row["runs"])), str(row["outputs"]), f"{row['bytes_out']:,}",
            f"{r.wall:.2f}", f"{r.user + r.sys:.2f}", f"{r.maxrss_kb / 1024:.0f}", fmt_num(per, 1)]) + " |")
        if not all(x.ok for x in row["runs"]):
            tail = next((x.log_tail for x in row["runs"] if not x.ok), "")
            notes.append(f"{row['tool']} failed: " + tail.replace("\n", " ⏎ ")[:600])
        if r and contaminated(r):
            notes.append(f"{row['tool']}: other processes used {r.other_cpu:.1f} CPU s during this run.")
    for alt_row, sharp_row in (("altloom", "sharp-cli"), ("altloom --target off", "sharp-cli"),
                               ("altloom", "sharp-cli matched")):
        speed = variants_speedup(res, altloom=alt_row, sharp=sharp_row)
        if speed is not None:
            notes.append(f"{sharp_row} wall / {alt_row} wall = {speed:.2f}× (whole job); per output "
                         f"{variants_speedup(res, True, alt_row, sharp_row):.2f}×.")
    notes.append("altloom never upscales: a width at or above an image's width is not written for"
                 " that image; sharp-cli with --withoutEnlargement writes such an output at the"
                 " original size, so the output counts differ and wall per output is shown as well.")
    lines += [""] + [f"- {x}" for x in notes]
    return "\n".join(lines) + "\n"


def variants_speedup(res: dict | None, per_output: bool = False, altloom: str = "altloom",
                     sharp: str = "sharp-cli") -> float | None:
    """sharp-cli's wall over altloom's for one pair of rows (default: both at their defaults)."""
    if not res:
        return None
    rows = {r["tool"]: r for r in res["rows"] if not r["skipped"] and r["runs"]}
    if altloom not in rows or sharp not in rows:
        return None
    a, s = rows[altloom], rows[sharp]
    aw, sw = median_run(a["runs"]).wall, median_run(s["runs"]).wall
    if per_output:
        if not a["outputs"] or not s["outputs"]:
            return None
        aw, sw = aw / a["outputs"], sw / s["outputs"]
    return sw / aw if aw else None


def snapshot(d: Path) -> dict[str, tuple[int, int]]:
    """Size and mtime of every output (not altloom's own dot files such as its cache)."""
    return {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in all_outputs(d)}


def section_rerun(b: Bench) -> dict:
    res = {}
    small_dir = make_small_corpus(b.args.small_count)
    cases = [("corpus", WORK / "sets" / "all", f"the corpus ({len(b.sets['all'])} files)"),
             ("small", small_dir, f"{b.args.small_count:,} generated 32×32 PNGs")]
    cmd = ALTLOOM  # default settings: formats original, preset web
    if not Path(b.env["ALTLOOM"]).exists():
        return {"skipped": f"{b.env['ALTLOOM']} not found"}
    for case, in_dir, what in cases:
        out_dir = WORK / "out" / "rerun" / case
        env = dict(b.env, IN=str(in_dir), OUT=str(out_dir))
        logp = WORK / "logs" / "rerun" / f"{case}.log"

        def prepare(d=out_dir) -> None:
            fresh_dir(d)

        full: list[RunResult] = []
        while b.wants_more_runs(full, b.args.repeat):
            log(f"[rerun] {what}: full run {len(full) + 1}")
            full.append(b.timed(cmd, env, logp, "full", prepare))
        before = snapshot(out_dir)
        again: list[RunResult] = []
        for i in range(max(1, b.args.repeat)):
            log(f"[rerun] {what}: rerun {i + 1}")
            again.append(b.timed(cmd, env, logp.with_name(f"{case}-rerun.log"), "rerun"))
        after = snapshot(out_dir)
        res[case] = {"what": what, "input": str(in_dir), "command": cmd, "full": full, "rerun": again,
                     "outputs": len(before),
                     "untouched": before == after}
    return res


def render_rerun(b: Bench, res: dict) -> str:
    if not res or "skipped" in res:
        return f"### Rerun with nothing changed\n\nskipped: {res.get('skipped', '')}\n" if res else ""
    hdr = ["input", "outputs", "full run wall s (runs)", "rerun wall s (runs)", "rerun CPU s",
           "rerun / full", "outputs untouched by the rerun"]
    lines = ["### Rerun with nothing changed (altloom default settings, same output folder)", "",
             "| " + " | ".join(hdr) + " |", "|" + "---|" * len(hdr)]
    notes = []
    for case, r in res.items():
        f, a = median_run(r["full"]), median_run(r["rerun"])
        lines.append("| " + " | ".join([
            r["what"], str(r["outputs"]), f"{f.wall:.2f} ({len(r['full'])})", f"{a.wall:.3f} ({len(r['rerun'])})",
            f"{a.user + a.sys:.2f}", f"{100 * a.wall / f.wall:.2f} %" if f.wall else "n/a",
            "yes" if r["untouched"] else "no"]) + " |")
        for x in r["full"] + r["rerun"]:
            if not x.ok:
                notes.append(f"{r['what']}: a run failed (exit {x.rc}): " + x.log_tail.replace("\n", " ⏎ ")[:400])
                break
    notes.append("The rerun uses the same command and output folder; altloom's cache"
                 " (OUT/.altloom-cache.json, keyed by each input's content hash, the settings and the"
                 " version, valid while every recorded output still has its recorded hash) lets it skip"
                 " every file. \"Outputs untouched\" compares every file's size and mtime before and after.")
    lines += [""] + [f"- {x}" for x in notes]
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------------------------
# targets

def target_rows(b: Bench, matched: dict | None, variants: dict | None, rerun: dict | None,
                targeting: dict | None) -> list[dict]:
    rows: list[dict] = []

    def add(what: str, measured: str, target: str, ok: bool | None, detail: str = "") -> None:
        rows.append({"target": what, "measured": measured, "goal": target,
                     "verdict": "not measured" if ok is None else ("PASS" if ok else "MISS"),
                     "detail": detail})

    groups = (matched or {}).get("groups", {})
    # bytes at equal p95
    for group in LOSSY:
        goal = BYTES_TARGET[group]
        what = f"{GROUPS[group][2]} bytes at equal p95 dssim, Altloom / best peer"
        g = groups.get(group)
        if not g:
            add(what, "—", f"≤ {goal:.2f}×", None)
            continue
        best = None
        for s, q, reached in g["finals"]:
            if not reached:
                continue
            r, _ = common_ratio(g["altloom"], b.meas(s, q))
            if not math.isnan(r) and (best is None or r > best[0]):
                best = (r, f"{s.name} {s.setting_label(q)}")
        if best is None:
            add(what, "no peer reached Altloom's p95", f"≤ {goal:.2f}×", None)
        else:
            add(what, f"{best[0]:.2f}× (best peer: {best[1]})", f"≤ {goal:.2f}×", best[0] <= goal + 1e-9)
    lp = (matched or {}).get("lossless_png")
    what = "Lossless PNG bytes, Altloom / best oxipng row"
    if lp and not lp[0].skipped and any(not m.skipped for m in lp[1:]):
        ratios = [(common_ratio(lp[0], m)[0], m.spec.settings(None)) for m in lp[1:] if not m.skipped]
        r, who = max(ratios)
        add(what, f"{r:.2f}× (oxipng {who.split(' (')[0]})", f"≤ {BYTES_TARGET['png']:.2f}×",
            r <= BYTES_TARGET["png"] + 1e-9)
    else:
        add(what, "—", f"≤ {BYTES_TARGET['png']:.2f}×", None)
    # wall against sharp-cli at the matched setting
    for group in LOSSY:
        goal = WALL_TARGET[group]
        g = groups.get(group)
        sharp_ids = ["sharp-mozjpeg", "sharp-default"] if group == "jpeg" else ["sharp"]
        for sid in sharp_ids:
            label = {"sharp-mozjpeg": "sharp-cli --mozjpeg", "sharp-default": "sharp-cli default encoder"}.get(sid, "sharp-cli")
            what = f"{GROUPS[group][2]} whole-corpus wall, Altloom / {label} at the matched setting"
            fin = next(((s, q, r) for s, q, r in g["finals"] if s.id == sid), None) if g else None
            if not fin:
                add(what, "—", f"≤ {goal:.2f}×", None)
                continue
            s, q, reached = fin
            m = b.meas(s, q)
            alt = g["altloom"]
            r = alt.wall / m.wall if m.wall else math.nan
            detail = f"altloom {alt.wall:.2f} s, {s.name} {s.setting_label(q)} {m.wall:.2f} s"
            if not reached:
                detail += " (sharp-cli did not reach Altloom's p95)"
            add(what, f"{r:.2f}×", f"≤ {goal:.2f}×", r <= goal + 1e-9, detail)
    # variants
    what = "Multi-variant job (3 widths × JPEG+WebP+AVIF), sharp-cli / Altloom wall"
    for alt_row, sharp_row, label in (
            ("altloom", "sharp-cli", "both at their defaults"),
            ("altloom --target off", "sharp-cli", "altloom --target off, sharp-cli default"),
            ("altloom", "sharp-cli matched", "sharp-cli at Altloom's matched p95")):
        sp = variants_speedup(variants, altloom=alt_row, sharp=sharp_row)
        if sp is None:
            if alt_row == "altloom" and sharp_row == "sharp-cli":
                add(what, "—", f"≥ {VARIANTS_SPEEDUP_TARGET:.1f}×", None)
            continue
        add(f"{what} ({label})", f"{sp:.2f}× (per output {variants_speedup(variants, True, alt_row, sharp_row):.2f}×)",
            f"≥ {VARIANTS_SPEEDUP_TARGET:.1f}×", sp >= VARIANTS_SPEEDUP_TARGET)
    # rerun
    r = (rerun or {}).get("corpus")
    what = "Rerun with nothing changed, corpus: rerun / full-run wall"
    if r:
        f, a = median_run(r["full"]).wall, median_run(r["rerun"]).wall
        add(what, f"{100 * a / f:.2f} % ({a:.3f} s / {f:.2f} s)", f"≤ {100 * RERUN_FRACTION_TARGET:.0f} %",
            a / f <= RERUN_FRACTION_TARGET)
    else:
        add(what, "—", f"≤ {100 * RERUN_FRACTION_TARGET:.0f} %", None)
    r = (rerun or {}).get("small")
    what = f"Rerun with nothing changed, {b.args.small_count:,} small images: rerun wall"
    if r:
        a = median_run(r["rerun"]).wall
        add(what, f"{a:.3f} s (full run {median_run(r['full']).wall:.2f} s)", f"≤ {SMALL_RERUN_TARGET_S:.0f} s",
            a <= SMALL_RERUN_TARGET_S)
    else:
        add(what, "—", f"≤ {SMALL_RERUN_TARGET_S:.0f} s", None)
    # peak RSS
    what = "Peak RSS, altloom AVIF over the corpus, default jobs"
    m = b.memo.get(("avif", "altloom", None))
    if m and m.runs:
        rr = median_run(m.runs)
        peak = max(x.maxrss_kb for x in m.runs) / 1024
        add(what, f"{peak:.0f} MB (tree {max(x.tree_rss_kb for x in m.runs) / 1024:.0f} MB)",
            f"≤ {PEAK_RSS_TARGET_MB} MB", peak <= PEAK_RSS_TARGET_MB, f"median-run peak {rr.maxrss_kb / 1024:.0f} MB")
    else:
        add(what, "—", f"≤ {PEAK_RSS_TARGET_MB} MB", None)
    # targeting
    for group in ("jpeg", "webp"):
        what = f"{GROUPS[group][2]}: quality-targeting wall / --target off wall"
        t = (targeting or {}).get(group)
        if t and t[0].runs and t[1].runs:
            r = t[0].wall / t[1].wall
            add(what, f"{r:.2f}× ({t[0].wall:.2f} s / {t[1].wall:.2f} s)", f"≤ {TARGETING_RATIO_TARGET:.1f}×",
                r <= TARGETING_RATIO_TARGET)
        else:
            add(what, "—", f"≤ {TARGETING_RATIO_TARGET:.1f}×", None)
    return rows


def render_targets(rows: list[dict]) -> str:
    lines = ["### Targets", "", "| target | measured | goal | verdict |", "|---|---|---|---|"]
    for r in rows:
        measured = r["measured"] + (f"; {r['detail']}" if r["detail"] else "")
        lines.append(f"| {r['target']} | {measured} | {r['goal']} | {r['verdict']} |")
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------------------------

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sections", default=",".join(SECTIONS),
                    help=f"comma list of sections to run: {','.join(SECTIONS)} (default all)")
    ap.add_argument("--formats", default="jpeg,webp,avif,png",
                    help="comma list of format groups for defaults/matched/targeting: jpeg,webp,avif,png")
    ap.add_argument("--tools", default="all",
                    help="comma list: altloom,sharp,squoosh,rimage,jpegoptim,cwebp,avifenc,oxipng,pngquant"
                         " (default all; altloom is always measured where it is the reference)")
    ap.add_argument("--altloom", default=str(DEFAULT_ALTLOOM), help="altloom binary")
    ap.add_argument("--repeat", type=int, default=1,
                    help="timed runs per batch; the median wall is reported (default 1)")
    ap.add_argument("--repeat-max-s", type=float, default=30.0,
                    help="a batch whose first run took longer than this is not repeated (default 30)")
    ap.add_argument("--passes", type=int, default=5,
                    help="most corpus passes per peer when tuning JPEG and WebP (default 5)")
    ap.add_argument("--avif-passes", type=int, default=3,
                    help="most corpus passes per peer when tuning AVIF (default 3)")
    ap.add_argument("--quick", action="store_true",
                    help="for trying things out: 1 run per batch, at most 4 (JPEG/WebP) and 2 (AVIF)"
                         " tuning passes, 2,000 small images")
    ap.add_argument("--files", type=int, default=None,
                    help="use only N JPEGs and N PNGs of the corpus (spread over it), to validate quickly")
    ap.add_argument("--small-count", type=int, default=None,
                    help="generated small images for the rerun section (default 10000)")
    ap.add_argument("--no-quality", action="store_true", help="skip dssim (defaults section only; "
                    "matched needs it)")
    ap.add_argument("--max-wait", type=float, default=900,
                    help="before each timed run wait up to this many seconds for the machine to go idle"
                         " (0 = do not wait)")
    ap.add_argument("--retries", type=int, default=3,
                    help="measure a run again (up to N times) when other processes competed for the CPUs")
    args = ap.parse_args()

    sections = [s.strip() for s in args.sections.split(",") if s.strip()]
    bad = [s for s in sections if s not in SECTIONS]
    if bad:
        ap.error(f"unknown section(s): {', '.join(bad)}")
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    bad = [f for f in formats if f not in GROUPS]
    if bad:
        ap.error(f"unknown format(s): {', '.join(bad)}")
    if args.quick:
        args.repeat = 1
        args.passes = min(args.passes, 4)
        args.avif_passes = min(args.avif_passes, 2)
    if args.small_count is None:
        args.small_count = 2000 if args.quick else 10000
    if args.repeat < 1 or args.passes < 1 or args.avif_passes < 1:
        ap.error("--repeat, --passes and --avif-passes must be >= 1")
    if args.no_quality and "matched" in sections:
        ap.error("--no-quality cannot be combined with the matched section")
    wanted = None if args.tools == "all" else {x.strip() for x in args.tools.split(",") if x.strip()}
    altloom = Path(args.altloom).resolve()
    if not Path(GNU_TIME).exists():
        sys.exit("run.py: GNU time missing (/usr/bin/time): run bench/setup.sh")
    if not altloom.exists():
        sys.exit(f"run.py: altloom binary not found at {altloom} (cargo build --release -p altloom, or --altloom)")

    env = dict(os.environ)
    env.update({
        "ALTLOOM": str(altloom),
        "SHARP": str(NODE_BIN / "sharp"),
        "SQUOOSH": str(NODE_BIN / "squoosh-cli"),
        "RIMAGE": str(TOOLS_BIN / "rimage"),
        "CWEBP": shutil.which("cwebp") or "cwebp",
        "DWEBP": shutil.which("dwebp") or "dwebp",
        "AVIFENC": shutil.which("avifenc") or "avifenc",
        "AVIFDEC": shutil.which("avifdec") or "avifdec",
        "JPEGOPTIM": shutil.which("jpegoptim") or "jpegoptim",
        "PNGQUANT": shutil.which("pngquant") or "pngquant",
        "OXIPNG": str(TOOLS_BIN / "oxipng"),
    })

    all_specs = tool_table()
    specs = [t for t in all_specs if wanted is None or t.family in wanted or t.id in wanted]

    t_start = time.perf_counter()
    for d in ("out", "decoded", "logs"):
        if (WORK / d).exists():
            shutil.rmtree(WORK / d)
    sets = build_sets(args.files)
    # warm the page cache so the first tool does not pay for disk reads
    for files in sets.values():
        for f in files:
            f.read_bytes()
    for src in sets["jpeg"]:
        reference_png(src)

    machine = machine_info()
    versions = tool_versions(env, altloom)
    log(f"machine: {machine['nproc']} x {machine['cpu']}, {machine['mem']}")
    b = Bench(args, env, sets)
    timings: dict[str, float] = {}

    defaults = matched = variants = rerun = targeting = None
    if "defaults" in sections:
        t0 = time.perf_counter()
        defaults = section_defaults(b, formats, specs)
        timings["defaults"] = time.perf_counter() - t0
    if "matched" in sections:
        t0 = time.perf_counter()
        matched = section_matched(b, formats, specs, all_specs)
        timings["matched"] = time.perf_counter() - t0
    if "targeting" in sections:
        t0 = time.perf_counter()
        targeting = section_targeting(b, formats, all_specs)
        timings["targeting"] = time.perf_counter() - t0
    if "variants" in sections:
        t0 = time.perf_counter()
        variants = section_variants(b, matched)
        timings["variants"] = time.perf_counter() - t0
    if "rerun" in sections:
        t0 = time.perf_counter()
        rerun = section_rerun(b)
        timings["rerun"] = time.perf_counter() - t0
    timings["total"] = time.perf_counter() - t_start

    # ---- report ----
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    njpg, npng = len(sets["jpeg"]), len(sets["png"])
    corpus_bytes = sum(f.stat().st_size for f in sets["all"])
    head = [
        f"# Altloom benchmark results ({stamp})", "",
        f"Machine: {machine['nproc']} CPUs, {machine['cpu']}, {machine['mem']}, {machine['os']}, "
        f"Linux {machine['kernel']}; Node {machine['node']}, Python {machine['python']}.",
        f"Corpus: bench/work/corpus ({njpg} JPEG + {npng} PNG, {corpus_bytes:,} bytes; see SOURCES.txt)"
        + (f", limited by --files {args.files}" if args.files is not None else "") + ".",
        f"Command: `python3 bench/run.py {' '.join(sys.argv[1:])}`".rstrip() + ".",
        f"Run time: {timings['total'] / 60:.1f} min ("
        + ", ".join(f"{k} {v / 60:.1f}" for k, v in timings.items() if k != "total") + ").", "",
        "Columns: wall/CPU (user+sys)/peak RSS from GNU `/usr/bin/time` around the whole batch command "
        "(peak RSS = largest single process); tree RSS = peak of the summed RSS of all the batch's "
        "processes, sampled every 0.1 s; dssim = 1/SSIM − 1 against the source (0 = identical), "
        "mean and 95th percentile (nearest rank) over files.", "",
    ]
    body: list[str] = []
    if defaults:
        body.append("## Each tool at its default settings\n")
        body += [render_defaults(g, ms, b) for g, ms in defaults.items()]
    if matched and (matched["groups"] or matched["lossless_png"]):
        body.append("## Quality-matched comparison\n")
        body.append(render_matched(b, matched))
    if targeting:
        body.append(render_targeting(b, targeting))
    if variants:
        body.append(render_variants(b, variants))
    if rerun:
        body.append(render_rerun(b, rerun))
    targets = target_rows(b, matched, variants, rerun, targeting)
    body.append(render_targets(targets))
    vers = ["### Versions", ""] + [f"- {k}: {v}" for k, v in versions.items()] + [""]
    cmds = ["### Exact batch commands", "",
            "`$IN` = bench/work/sets/<set> (jpeg: the JPEGs; all: JPEGs and PNGs; png: the PNGs), "
            "`$LIST` = NUL-separated list of its files, `$OUT` = a fresh output folder; "
            "`{q}` = the setting (the default in the defaults tables, the tuned one in the matched tables).", ""]
    used = []
    for m in b.memo.values():
        if m.spec not in used and not m.skipped:
            used.append(m.spec)
    for s in used:
        cmds.append(f"- {s.group} / {s.name} ({s.id}): `{s.template}`")
    if variants:
        for row in variants["rows"]:
            cmds.append(f"- variants / {row['tool']} ($IN = the JPEGs): `{row['command']}`")
    if rerun and "skipped" not in rerun:
        cmds.append(f"- rerun / altloom ($IN = the corpus or bench/work/small): `{ALTLOOM}`, run twice")
    cmds.append("")
    md = "\n".join(head) + "\n" + "\n".join(body) + "\n" + "\n".join(vers) + "\n" + "\n".join(cmds)
    print(md)
    (WORK / "results.md").write_text(md)

    def tuning_json() -> dict:
        out = {}
        for group, g in (matched or {}).get("groups", {}).items():
            out[group] = {"target_p95": g["target"], "peers": {}}
            for s in g["peers"]:
                tu: Tuner = g["tuners"][s.id]
                q, reached = tu.result()
                passes = []
                for sq in tu.order:
                    m = b.meas(s, sq)
                    passes.append({"setting": sq, "p95_dssim": None if math.isnan(m.p95) else m.p95,
                                   "mean_dssim": None if math.isnan(m.mean) else m.mean,
                                   "bytes_out": m.bytes_out, "wall_first_run": m.runs[0].wall if m.runs else None,
                                   "meets_target": None if math.isnan(m.p95) else m.p95 <= g["target"]})
                out[group]["peers"][s.id] = {"tool": s.name, "passes": passes, "matched_setting": q,
                                             "reached": reached, "stopped": tu.done}
        return out

    def runs_json(runs: list[RunResult]) -> list[dict]:
        return [vars(x) for x in runs]

    raw = {
        "when": stamp, "machine": machine, "versions": versions, "argv": sys.argv[1:],
        "sections": sections, "formats": formats, "timings_s": timings,
        "corpus": {k: [p.name for p in v] for k, v in sets.items()},
        "measurements": [m.to_json() for m in b.memo.values()],
        "tuning": tuning_json(),
        "lossless_png": [m.spec.id for m in (matched or {}).get("lossless_png") or []],
        "variants": None if not variants else {
            **{k: v for k, v in variants.items() if k != "rows"},
            "rows": [{**{k: v for k, v in r.items() if k != "runs"}, "runs": runs_json(r["runs"])}
                     for r in variants["rows"]]},
        "rerun": None if not rerun else (rerun if "skipped" in rerun else {
            case: {**{k: v for k, v in r.items() if k not in ("full", "rerun")},
                   "full": runs_json(r["full"]), "rerun": runs_json(r["rerun"])}
            for case, r in rerun.items()}),
        "targeting": None if not targeting else {g: [m.spec.id for m in ms] for g, ms in targeting.items()},
        "targets": targets,
    }
    (WORK / "results.json").write_text(json.dumps(raw, indent=1))
    log(f"wrote {WORK / 'results.md'} and results.json ({timings['total'] / 60:.1f} min)")
    failed = [m for m in b.memo.values() if m.runs and not m.ok]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
