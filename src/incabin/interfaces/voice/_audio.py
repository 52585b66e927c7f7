"""Reading audio in: WAV (any rate, PCM or float, mono or multi-channel), raw PCM16 and,
with PyAV, the compressed formats browsers record (WebM/Ogg Opus). Everything comes out as
16 kHz mono float32 for the recognisers."""

from __future__ import annotations

import io
import logging
import struct
from math import gcd

import numpy as np
from scipy.signal import resample_poly

from incabin.interfaces.voice._errors import AudioFormatError, AudioTooLong, EmptyAudio
from incabin.interfaces.voice._models import SAMPLE_RATE, Audio

log = logging.getLogger(__name__)

MAX_AUDIO_S = 60.0
"""The longest request we accept: a spoken request is seconds, not minutes."""

SILENCE_RMS = 0.01
"""Loudest 30 ms frame below this (-40 dBFS) counts as silence."""

WAV_TYPES = frozenset({"audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave"})
PCM_TYPES = frozenset({"audio/pcm", "audio/l16", "audio/raw", "audio/x-raw"})
COMPRESSED_TYPES = frozenset({"audio/webm", "audio/ogg", "audio/opus", "audio/mpeg",
                              "audio/mp4", "audio/flac", "audio/x-flac", "video/webm"})
SUPPORTED = ("audio/wav, audio/pcm;rate=N;channels=N (16-bit little-endian), "
             "audio/L16;rate=N (16-bit big-endian), audio/webm, audio/ogg, audio/mpeg, "
             "audio/mp4, audio/flac")

_PCM_TAG, _FLOAT_TAG, _EXTENSIBLE_TAG = 1, 3, 0xFFFE


def decode(data: bytes, content_type: str | None = None, *,
           max_seconds: float = MAX_AUDIO_S) -> Audio:
    """Read ``data`` as audio of ``content_type`` (sniffed when None) and return it as
    16 kHz mono.

    Raises AudioFormatError for bytes that are not readable audio, EmptyAudio for no
    samples, AudioTooLong beyond ``max_seconds``.
    """
    if not data:
        raise EmptyAudio("the audio is empty (0 bytes)")
    mime, params = _parse_content_type(content_type)
    if not mime or mime == "application/octet-stream":
        mime = _sniff(data)
    if mime in WAV_TYPES:
        samples, rate = _read_wav(data)
    elif mime in PCM_TYPES:
        samples, rate = _read_pcm(data, params, big_endian=mime == "audio/l16")
    elif mime in COMPRESSED_TYPES:
        samples, rate = _read_compressed(data, mime)
    else:
        raise AudioFormatError(f"unsupported audio type {content_type!r}; use {SUPPORTED}")
    if samples.size == 0:
        raise EmptyAudio("the audio holds no samples")
    if samples.shape[0] / rate > max_seconds:
        raise AudioTooLong(f"the audio is {samples.shape[0] / rate:.1f} s long; "
                           f"the limit is {max_seconds:.0f} s")
    return Audio(resample(_to_mono(samples), rate, SAMPLE_RATE), SAMPLE_RATE)


def from_pcm16(pcm: bytes, sample_rate: int) -> Audio:
    """Mono 16-bit little-endian PCM at ``sample_rate`` as 16 kHz :class:`Audio`."""
    return decode(pcm, f"audio/pcm;rate={sample_rate};channels=1")


def resample(samples: np.ndarray, rate: int, target: int) -> np.ndarray:
    """Polyphase resampling from ``rate`` to ``target`` Hz (float32 out)."""
    if rate == target:
        return samples.astype(np.float32, copy=False)
    g = gcd(rate, target)
    return resample_poly(samples, target // g, rate // g).astype(np.float32)


def is_silent(audio: Audio, threshold: float = SILENCE_RMS) -> bool:
    """True when no 30 ms frame of ``audio`` is louder than ``threshold`` RMS."""
    frame = max(1, int(audio.sample_rate * 0.03))
    usable = len(audio.samples) // frame * frame
    if usable == 0:
        return float(np.sqrt(np.mean(np.square(audio.samples)))) < threshold
    frames = audio.samples[:usable].reshape(-1, frame)
    return float(np.sqrt(np.mean(np.square(frames), axis=1)).max()) < threshold


def _parse_content_type(content_type: str | None) -> tuple[str, dict[str, str]]:
    if not content_type:
        return "", {}
    mime, *rest = (part.strip() for part in content_type.split(";"))
    params = {}
    for item in rest:
        key, _, value = item.partition("=")
        params[key.strip().lower()] = value.strip().strip('"')
    return mime.lower(), params


def _sniff(data: bytes) -> str:
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "audio/wav"
    if data[:4] == b"\x1aE\xdf\xa3":
        return "audio/webm"
    if data[:4] == b"OggS":
        return "audio/ogg"
    if data[:4] == b"fLaC":
        return "audio/flac"
    raise AudioFormatError(f"cannot tell what audio this is; send a content type: {SUPPORTED}")


def _read_pcm(data: bytes, params: dict[str, str], *, big_endian: bool) -> tuple[np.ndarray, int]:
    try:
        rate = int(params.get("rate", SAMPLE_RATE))
        channels = int(params.get("channels", 1))
    except ValueError as err:
        raise AudioFormatError(f"bad PCM parameters {params}: rate and channels are integers") from err
    if not 8_000 <= rate <= 192_000 or not 1 <= channels <= 8:
        raise AudioFormatError(f"PCM rate {rate} Hz / {channels} channels is out of range")
    if len(data) % (2 * channels):
        raise AudioFormatError(f"{len(data)} bytes is not a whole number of 16-bit "
                               f"{channels}-channel frames")
    pcm = np.frombuffer(data, dtype=">i2" if big_endian else "<i2")
    return pcm.reshape(-1, channels).astype(np.float32) / 32768.0, rate


def _read_wav(data: bytes) -> tuple[np.ndarray, int]:
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise AudioFormatError("not a WAV file (no RIFF/WAVE header)")
    fmt: tuple[int, int, int, int] | None = None
    pos = 12
    while pos + 8 <= len(data):
        chunk_id, size = data[pos:pos + 4], struct.unpack_from("<I", data, pos + 4)[0]
        body = data[pos + 8:pos + 8 + size]  # streaming writers leave size too large: clamp
        if chunk_id == b"fmt ":
            fmt = _wav_format(body)
        elif chunk_id == b"data":
            if fmt is None:
                raise AudioFormatError("WAV data comes before its format chunk")
            return _wav_samples(body, *fmt)
        pos += 8 + size + (size & 1)
    raise AudioFormatError("WAV file has no data chunk" if fmt else "WAV file has no format chunk")


def _wav_format(body: bytes) -> tuple[int, int, int, int]:
    if len(body) < 16:
        raise AudioFormatError("WAV format chunk is truncated")
    tag, channels, rate, _, _, bits = struct.unpack_from("<HHIIHH", body)
    if tag == _EXTENSIBLE_TAG and len(body) >= 26:
        tag = struct.unpack_from("<H", body, 24)[0]  # first two bytes of the sub-format GUID
    if tag not in (_PCM_TAG, _FLOAT_TAG) or (tag == _PCM_TAG and bits not in (8, 16, 24, 32)) \
            or (tag == _FLOAT_TAG and bits not in (32, 64)):
        raise AudioFormatError(f"WAV encoding {tag:#x} with {bits}-bit samples is not supported; "
                               "use PCM (8/16/24/32-bit) or float (32/64-bit)")
    if not 1 <= channels <= 8 or not 4_000 <= rate <= 384_000:
        raise AudioFormatError(f"WAV with {channels} channels at {rate} Hz is out of range")
    return tag, channels, rate, bits


def _wav_samples(body: bytes, tag: int, channels: int, rate: int, bits: int) -> tuple[np.ndarray, int]:
    width = bits // 8
    body = body[:len(body) // (width * channels) * width * channels]
    if tag == _FLOAT_TAG:
        samples = np.frombuffer(body, dtype="<f4" if bits == 32 else "<f8").astype(np.float32)
    elif bits == 8:
        samples = (np.frombuffer(body, dtype=np.uint8).astype(np.float32) - 128.0) / 128.0
    elif bits == 24:
        raw = np.frombuffer(body, dtype=np.uint8).reshape(-1, 3).astype(np.int32)
        ints = (raw[:, 0] | (raw[:, 1] << 8) | (raw[:, 2] << 16)) << 8 >> 8  # sign-extend
        samples = ints.astype(np.float32) / 8_388_608.0
    else:
        dtype, scale = ("<i2", 32768.0) if bits == 16 else ("<i4", 2_147_483_648.0)
        samples = np.frombuffer(body, dtype=dtype).astype(np.float32) / scale
    return np.clip(np.nan_to_num(samples), -1.0, 1.0).reshape(-1, channels), rate


def _read_compressed(data: bytes, mime: str) -> tuple[np.ndarray, int]:
    try:
        import av
    except ImportError as err:
        raise AudioFormatError(f"{mime} needs PyAV (pip install 'incabin[voice]'); "
                               "or send audio/wav") from err
    try:
        with av.open(io.BytesIO(data), mode="r") as container:
            resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
            parts = [out.to_ndarray().reshape(-1)
                     for frame in container.decode(audio=0)
                     for out in resampler.resample(frame)]
            parts += [frame.to_ndarray().reshape(-1) for frame in resampler.resample(None)]
    except (av.error.FFmpegError, IndexError, ValueError) as err:
        raise AudioFormatError(f"cannot decode {mime} audio: {err}") from err
    samples = np.concatenate(parts) if parts else np.zeros(0, np.float32)
    return samples.reshape(-1, 1), SAMPLE_RATE


def _to_mono(samples: np.ndarray) -> np.ndarray:
    return samples.mean(axis=1) if samples.shape[1] > 1 else samples[:, 0]


def read_wav(data: bytes) -> Audio:
    """A WAV file as mono :class:`Audio` at its own sample rate (no resampling)."""
    samples, rate = _read_wav(data)
    if samples.size == 0:
        raise EmptyAudio("the WAV file holds no samples")
    return Audio(_to_mono(samples), rate)
