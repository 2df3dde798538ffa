"""The one local server of the built site (sitebuild/serving.py). As deployed, for the benchmark: an emulated
link throttles every response through one shared token bucket after a round-trip time and counts what went over
it, and the server picks the compressed copy as nginx does (brotli when the browser accepts it, else gzip).
Plain, for the browser tests: the files as they are, each deployed behaviour only when asked for, every request
recorded when asked. Behaviour only: the timings asserted are the link's own arithmetic with a wide margin, not
the machine's speed."""

from __future__ import annotations

import gzip
import os
import threading
import time
import urllib.request

import brotli
import pytest

from sitebuild import serving

BIG = 200_000  # bytes: 1.0 s at 1.6 Mbit/s
PAGE = "<!DOCTYPE html><title>页</title>" + "社会工作专业岗位" * 400


@pytest.fixture
def site(tmp_path):
    (tmp_path / "_deploy").mkdir()
    (tmp_path / "_deploy" / "security-headers.conf").write_text(
        'add_header X-Content-Type-Options "nosniff" always;\n', encoding="utf-8"
    )
    (tmp_path / "big.bin").write_bytes(os.urandom(BIG))
    (tmp_path / "big-too.bin").write_bytes(os.urandom(BIG))
    page = PAGE.encode("utf-8")
    (tmp_path / "page.html").write_bytes(page)
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(page))
    (tmp_path / "page.html.br").write_bytes(brotli.compress(page))
    return tmp_path


@pytest.fixture
def server(site):
    """(base URL, server): the site served as the benchmark serves it; set server.link to throttle."""
    server = serving.Server(("127.0.0.1", 0), serving.SiteHandler)
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
    threads = [
        threading.Thread(target=lambda name=name: times.append(_timed_get(base + name)))
        for name in ("big.bin", "big-too.bin")
    ]
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
    server = serving.Server(("127.0.0.1", 0), serving.SiteHandler)
    serving.serve(server, site, brotli="never")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        _, headers, _ = _get(
            f"http://127.0.0.1:{server.server_address[1]}/page.html", **{"Accept-Encoding": "gzip, deflate, br"}
        )
        assert headers["content-encoding"] == "gzip"
    finally:
        server.shutdown()
        server.server_close()


def test_an_unchanged_compressed_file_is_answered_with_304(server):
    base, _ = server
    _, headers, _ = _get(base + "page.html", **{"Accept-Encoding": "br"})
    status, _, body = _get(
        base + "page.html", **{"Accept-Encoding": "br", "If-Modified-Since": headers["last-modified"]}
    )
    assert status == 304 and body == b""


def test_a_missing_address_gets_the_sites_404_page_as_deployed(site):
    (site / "404.html").write_text("<title>页面不存在</title>", encoding="utf-8")
    with serving.serving(site) as server:
        status, headers, body = _get(server.url + "no-such-page/")
    assert status == 404 and "页面不存在" in body.decode("utf-8")
    assert headers["x-content-type-options"] == "nosniff"


def test_served_plain_the_files_go_as_they_are_with_only_what_was_asked_for(site):
    (site / "404.html").write_text("<title>页面不存在</title>", encoding="utf-8")
    recording = serving.Recording()
    with serving.serving(site, as_deployed=False, recording=recording) as server:
        _, headers, body = _get(server.url + "page.html", **{"Accept-Encoding": "gzip, br"})
        status, _, missing = _get(server.url + "no-such-page/")
    assert body == PAGE.encode("utf-8")
    assert not {"content-encoding", "cache-control", "vary", "x-content-type-options"} & set(headers)
    assert status == 404 and "页面不存在" not in missing.decode("utf-8")
    assert recording.requested == ["/page.html", "/no-such-page/"]
    assert recording.answered == [("/page.html", 200), ("/no-such-page/", 404)]


def test_served_plain_the_security_headers_and_the_404_page_can_each_be_asked_for(site):
    (site / "404.html").write_text("<title>页面不存在</title>", encoding="utf-8")
    with serving.serving(site, as_deployed=False, security_headers=True, not_found_page=True) as server:
        _, headers, _ = _get(server.url + "page.html", **{"Accept-Encoding": "gzip, br"})
        status, _, missing = _get(server.url + "no-such-page/")
    assert headers["x-content-type-options"] == "nosniff" and "content-encoding" not in headers
    assert status == 404 and "页面不存在" in missing.decode("utf-8")
