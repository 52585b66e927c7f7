"""Audio in: WAV of any rate, width and channel count, raw PCM, compressed browser audio,
and clear errors for everything else."""

from __future__ import annotations

import io
import struct
import wave

import numpy as np
import pytest

from incabin.interfaces.voice import (
    SAMPLE_RATE,
    AudioFormatError,
    AudioTooLong,
    EmptyAudio,
    decode,
    from_pcm16,
    is_silent,
)


def tone(rate: int, seconds: float = 0.5, freq: float = 440.0) -> np.ndarray:
    t = np.arange(int(rate * seconds)) / rate
    return (0.5 * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def wav_file(samples: np.ndarray, rate: int, *, bits: int = 16, channels: int = 1,
             float_format: bool = False, extensible: bool = False) -> bytes:
    """A WAV file written by hand, so formats that Python's wave module cannot write are covered."""
    frames = np.repeat(samples[:, None], channels, axis=1)
    if float_format:
        body = frames.astype("<f4" if bits == 32 else "<f8").tobytes()
    elif bits == 8:
        body = (frames * 127 + 128).astype(np.uint8).tobytes()
    elif bits == 24:
        ints = (frames * 8_388_607).astype("<i4").reshape(-1)
        body = b"".join(struct.pack("<i", v)[:3] for v in ints)
    else:
        dtype, scale = ("<i2", 32767) if bits == 16 else ("<i4", 2_147_483_647)
        body = (frames * scale).astype(dtype).tobytes()
    tag = 3 if float_format else 1
    block = channels * bits // 8
    if extensible:
        fmt = struct.pack("<HHIIHHHHI16s", 0xFFFE, channels, rate, rate * block, block, bits, 22,
                          bits, 0, struct.pack("<H", tag) + b"\x00\x00\x00\x00\x10\x00\x80\x00"
                          b"\x00\xaa\x00\x38\x9b\x71")
    else:
        fmt = struct.pack("<HHIIHH", tag, channels, rate, rate * block, block, bits)
    chunks = b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(body)) + body
    return b"RIFF" + struct.pack("<I", 4 + len(chunks)) + b"WAVE" + chunks


def peak_hz(samples: np.ndarray, rate: int) -> float:
    spectrum = np.abs(np.fft.rfft(samples))
    return float(np.fft.rfftfreq(len(samples), 1 / rate)[int(np.argmax(spectrum))])


@pytest.mark.parametrize("rate", [8_000, 16_000, 22_050, 44_100, 48_000])
@pytest.mark.parametrize("bits,float_format", [(8, False), (16, False), (24, False), (32, False),
                                               (32, True), (64, True)])
def test_wav_of_any_rate_and_width_becomes_16khz_mono(rate, bits, float_format):
    audio = decode(wav_file(tone(rate), rate, bits=bits, float_format=float_format), "audio/wav")
    assert audio.sample_rate == SAMPLE_RATE
    assert audio.duration_s == pytest.approx(0.5, abs=0.002)
    assert peak_hz(audio.samples, SAMPLE_RATE) == pytest.approx(440, abs=4)
    assert float(np.max(np.abs(audio.samples))) == pytest.approx(0.5, abs=0.05)


def test_stereo_and_extensible_wav_are_mixed_to_mono():
    audio = decode(wav_file(tone(44_100), 44_100, channels=2, extensible=True))  # type sniffed
    assert audio.duration_s == pytest.approx(0.5, abs=0.002)
    assert peak_hz(audio.samples, SAMPLE_RATE) == pytest.approx(440, abs=4)


def test_wav_written_by_the_wave_module_reads_back():
    buf = io.BytesIO()
    with wave.open(buf, "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(32_000)
        out.writeframes((np.repeat(tone(32_000), 2) * 32767).astype("<i2").tobytes())
    audio = decode(buf.getvalue(), "audio/x-wav")
    assert audio.duration_s == pytest.approx(0.5, abs=0.002)


def test_raw_pcm_little_and_big_endian():
    pcm = (tone(48_000) * 32767).astype("<i2")
    little = decode(pcm.tobytes(), "audio/pcm; rate=48000; channels=1")
    big = decode(pcm.astype(">i2").tobytes(), "audio/L16;rate=48000")
    assert little.duration_s == big.duration_s == pytest.approx(0.5, abs=0.002)
    np.testing.assert_allclose(little.samples, big.samples)
    assert from_pcm16(pcm.tobytes(), 48_000).duration_s == pytest.approx(0.5, abs=0.002)


def test_compressed_browser_audio_is_decoded():
    av = pytest.importorskip("av")
    buf = io.BytesIO()
    with av.open(buf, "w", format="ogg") as container:
        stream = container.add_stream("libopus" if "libopus" in av.codecs_available else "flac",
                                      rate=48_000, layout="mono")
        frame = av.AudioFrame.from_ndarray(tone(48_000)[None, :], format="flt", layout="mono")
        frame.sample_rate = 48_000
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    audio = decode(buf.getvalue(), "audio/ogg")
    assert audio.duration_s == pytest.approx(0.5, abs=0.05)
    assert peak_hz(audio.samples, SAMPLE_RATE) == pytest.approx(440, abs=6)


@pytest.mark.parametrize("data,content_type,error", [
    (b"", "audio/wav", EmptyAudio),
    (b"", None, EmptyAudio),
    (b"hello, this is not audio at all", None, AudioFormatError),
    (b"hello, this is not audio at all", "audio/wav", AudioFormatError),
    (b"RIFF\x00\x00\x00\x00WAVE", "audio/wav", AudioFormatError),  # no chunks
    (b"\x00\x01" * 100, "text/plain", AudioFormatError),
    (b"\x00\x01\x02", "audio/pcm;rate=16000", AudioFormatError),  # half a sample
    (b"\x00\x01" * 100, "audio/pcm;rate=fast", AudioFormatError),
    (b"\x00\x01" * 100, "audio/pcm;rate=1000", AudioFormatError),
    (b"not really webm", "audio/webm", AudioFormatError),
])
def test_bad_audio_gives_typed_errors(data, content_type, error):
    with pytest.raises(error):
        decode(data, content_type)


def test_wav_with_unsupported_encoding_or_no_samples():
    adpcm = bytearray(wav_file(tone(8_000), 8_000))
    adpcm[20:22] = struct.pack("<H", 2)  # Microsoft ADPCM
    with pytest.raises(AudioFormatError, match="not supported"):
        decode(bytes(adpcm), "audio/wav")
    with pytest.raises(EmptyAudio):
        decode(wav_file(np.zeros(0, np.float32), 16_000), "audio/wav")


def test_too_long_audio_is_refused():
    with pytest.raises(AudioTooLong):
        decode(np.zeros(16_000 * 3, "<i2").tobytes(), "audio/pcm", max_seconds=2)


def test_silence_detection():
    assert is_silent(decode(np.zeros(16_000, "<i2").tobytes(), "audio/pcm"))
    noise = (np.random.default_rng(0).normal(0, 0.002, 16_000) * 32767).astype("<i2")
    assert is_silent(decode(noise.tobytes(), "audio/pcm"))
    assert not is_silent(decode(wav_file(tone(16_000), 16_000)))
