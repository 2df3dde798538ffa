"""The benchmark's server (bench/serving.py): an emulated link throttles every response through one shared token
bucket after a round-trip time and counts what went over it, and the server picks the compressed copy as nginx
does (brotli when the browser accepts it, else gzip). Behaviour only: the timings asserted are the link's own
arithmetic with a wide margin, not the machine's speed."""

from __future__ import annotations

import gzip
import importlib.util
import os
import threading
import time
import urllib.request
from pathlib import Path

import brotli
import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("bench_serving", PROJECT_DIR / "bench" / "serving.py")
serving = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(serving)

BIG = 200_000  # bytes: 1.0 s at 1.6 Mbit/s
PAGE = "<!DOCTYPE html><title>页</title>" + "社会工作专业岗位" * 400


@pytest.fixture
def site(tmp_path):
    (tmp_path / "_deploy").mkdir()
    (tmp_path / "_deploy" / "security-headers.conf").write_text(
        'add_header X-Content-Type-Options "nosniff" always;\n', encoding="utf-8")
    (tmp_path / "big.bin").write_bytes(os.urandom(BIG))
    (tmp_path / "big-too.bin").write_bytes(os.urandom(BIG))
    page = PAGE.encode("utf-8")
    (tmp_path / "page.html").write_bytes(page)
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(page))
    (tmp_path / "page.html.br").write_bytes(brotli.compress(page))
    return tmp_path


@pytest.fixture
def server(site):
    """(base URL, server): the site served as bench/serving.py serves it; set server.link to throttle."""
    server = serving.Server(("127.0.0.1", 0), serving.DeployLikeHandler)
    serving.serve(server, site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", server
    server.shutdown()
    server.server_close()


def _get(url: str, **headers) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        with error:  # an error response holds its connection open until closed
            return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def _timed_get(url: str) -> float:
    started = time.monotonic()
    assert len(_get(url)[2]) == BIG
    return time.monotonic() - started


def test_links_are_named_by_their_bandwidth_and_round_trip_time():
    link = serving.Link.named("1.6mbit-150ms")
    assert link.bytes_per_second == 200_000 and link.rtt_seconds == 0.15
    assert serving.Link.named("unthrottled").bytes_per_second is None
    with pytest.raises(ValueError):
        serving.Link.named("4g")


def test_a_200_kb_response_at_1_6_mbit_takes_about_a_second_and_its_bytes_are_counted(server):
    base, http_server = server
    http_server.link = serving.Link.named("1.6mbit-0ms")
    elapsed = _timed_get(base + "big.bin")
    # The bucket starts with one chunk in it; the rest goes at the rate.
    assert elapsed >= (BIG - serving.CHUNK_BYTES) / 200_000 * 0.95
    assert elapsed < 5
    assert BIG < http_server.link.bytes_sent < BIG + 2000  # the body and its headers
    assert http_server.link.requests == 1


def test_two_responses_at_once_share_the_rate(server):
    base, http_server = server
    http_server.link = serving.Link.named("1.6mbit-0ms")
    times = []
    threads = [threading.Thread(target=lambda name=name: times.append(_timed_get(base + name)))
               for name in ("big.bin", "big-too.bin")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # 400 kB at 200 kB/s: each finishes only when both are nearly done, not after its own second.
    assert min(times) >= (2 * BIG - serving.CHUNK_BYTES) / 200_000 * 0.85
    assert 2 * BIG < http_server.link.bytes_sent


def test_every_request_waits_the_round_trip_time_and_a_new_visit_starts_from_zero(server):
    base, http_server = server
    http_server.link = serving.Link.named("1000mbit-300ms")
    started = time.monotonic()
    assert _get(base + "page.html")[0] == 200
    assert time.monotonic() - started >= 0.3
    assert http_server.link.bytes_sent > 0
    http_server.link.reset()
    assert http_server.link.bytes_sent == 0 and http_server.link.requests == 0


def test_brotli_goes_to_a_browser_that_accepts_it_gzip_to_one_that_does_not(server):
    base, _ = server
    original = PAGE.encode("utf-8")
    _, headers, body = _get(base + "page.html", **{"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert headers["content-encoding"] == "br" and brotli.decompress(body) == original
    assert headers["vary"] == "Accept-Encoding" and headers["x-content-type-options"] == "nosniff"
    _, headers, body = _get(base + "page.html", **{"Accept-Encoding": "gzip, deflate"})
    assert headers["content-encoding"] == "gzip" and gzip.decompress(body) == original
    _, headers, body = _get(base + "page.html")
    assert "content-encoding" not in headers and body == original


def test_without_brotli_the_server_sends_gzip_as_over_plain_http(site):
    server = serving.Server(("127.0.0.1", 0), serving.DeployLikeHandler)
    serving.serve(server, site, brotli="never")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        _, headers, _ = _get(f"http://127.0.0.1:{server.server_address[1]}/page.html",
                             **{"Accept-Encoding": "gzip, deflate, br"})
        assert headers["content-encoding"] == "gzip"
    finally:
        server.shutdown()
        server.server_close()


def test_an_unchanged_compressed_file_is_answered_with_304(server):
    base, _ = server
    _, headers, _ = _get(base + "page.html", **{"Accept-Encoding": "br"})
    status, _, body = _get(base + "page.html",
                           **{"Accept-Encoding": "br", "If-Modified-Since": headers["last-modified"]})
    assert status == 304 and body == b""
