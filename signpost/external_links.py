"""Check a built site's http(s) links against the web: politely, and remembering the answers.

Each host's links are checked one after the other, at least `interval` seconds apart, so no
site sees a burst from us; a few hosts are checked at a time. A link is asked with HEAD, then
with GET when HEAD gets an error status (many servers refuse HEAD but serve the page). No
answer in time, a failed connection, a 5xx or a 429 is asked again after a pause that doubles
each time. Definite answers (a page, or an error status other than 5xx and 429) are kept in a
JSON cache for 24 hours, so a second run does not ask again; a failure that may be passing is
always asked again.
"""

from __future__ import annotations

import http.client
import json
import os
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from collections.abc import Callable
from typing import IO, Literal, Protocol, TypeAlias
from urllib.parse import quote, urlsplit

KEEP_SECONDS = 24 * 3600
MAX_PAUSE = 60.0  # the most a Retry-After header makes us wait
# Some servers refuse Python's default user agent outright; say who is asking instead.
USER_AGENT = "Mozilla/5.0 (compatible; signpost-linkcheck)"
# How a link is asked for: HEAD first, GET when a server refuses HEAD.
Method: TypeAlias = Literal["HEAD", "GET"]


@dataclass(frozen=True)
class Result:
    ok: bool
    status: int | None  # the last HTTP status; None when no answer came
    reason: str  # what went wrong, as printed ("404 Not Found", "no answer within 10 s")

    @property
    def definite(self) -> bool:
        """An answer worth remembering: the same request tomorrow would very likely get it again."""
        return self.status is not None and self.status < 500 and self.status != 429


def default_cache_file() -> Path:
    """$XDG_CACHE_HOME/signpost/links.json (the XDG base directory rule), else ~/.cache/...."""
    root = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(root) if os.path.isabs(root) else Path.home() / ".cache"
    return base / "signpost" / "links.json"


class _KeepMethod(urllib.request.HTTPRedirectHandler):
    """Follows redirects with the same method: before 3.13 urllib turns a redirected HEAD into a
    GET, which would download every moved page."""

    def redirect_request(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: http.client.HTTPMessage, newurl: str
    ) -> urllib.request.Request | None:
        request = super().redirect_request(req, fp, code, msg, headers, newurl)
        if request is not None:
            request.method = req.get_method()
        return request


_OPENER = urllib.request.build_opener(_KeepMethod)


def _ask(url: str, method: Method, timeout: float) -> tuple[Result, float]:
    """One request (redirects followed): the result and how long the server asked us to wait."""
    # A link may be written with spaces or accented letters, which browsers escape: so do we.
    address = quote(url, safe=":/?#[]@!$&'()*+,;=%~")
    request = urllib.request.Request(address, method=method, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return Result(True, response.status, ""), 0.0
    except urllib.error.HTTPError as err:
        wait = err.headers.get("Retry-After", "") if err.headers else ""
        return Result(False, err.code, f"{err.code} {err.reason}"), float(wait) if wait.isdigit() else 0.0
    except urllib.error.URLError as err:
        if isinstance(err.reason, TimeoutError):
            return Result(False, None, f"no answer within {timeout:g} s"), 0.0
        return Result(False, None, str(err.reason)), 0.0
    except TimeoutError:
        return Result(False, None, f"no answer within {timeout:g} s"), 0.0
    except http.client.HTTPException as err:
        return Result(False, None, f"not a valid HTTP answer ({type(err).__name__})"), 0.0
    except (OSError, ValueError) as err:  # a connection reset, a malformed address
        return Result(False, None, str(err) or type(err).__name__), 0.0


class _Ask(Protocol):
    """One request to a host, after `pause` and the host's interval (Checker._check_host)."""

    def __call__(self, url: str, method: Method, pause: float = 0.0) -> tuple[Result, float]: ...


@dataclass
class Checker:
    timeout: float = 10.0  # seconds per request
    retries: int = 2  # further attempts after a timeout, a failed connection, a 5xx or a 429
    interval: float = 1.0  # least seconds between two requests to one host
    backoff: float = 2.0  # the pause before the first retry; doubled before each next one
    workers: int = 8  # hosts checked at a time

    def check(self, urls: list[str]) -> dict[str, Result]:
        """Every url's result; one thread per host at a time."""
        hosts: dict[str, list[str]] = {}
        for url in urls:
            hosts.setdefault(urlsplit(url).netloc.lower(), []).append(url)
        results: dict[str, Result] = {}
        with ThreadPoolExecutor(self.workers) as pool:
            for found in pool.map(self._check_host, hosts.values()):
                results.update(found)
        return results

    def _check_host(self, urls: list[str]) -> dict[str, Result]:
        last = [float("-inf")]  # when the last request to this host was sent

        def ask(url: str, method: Method, pause: float = 0.0) -> tuple[Result, float]:
            time.sleep(max(pause, last[0] + self.interval - time.monotonic(), 0.0))
            last[0] = time.monotonic()
            return _ask(url, method, self.timeout)

        return {url: self._check_url(url, ask) for url in urls}

    def _check_url(self, url: str, ask: _Ask) -> Result:
        method: Method = "HEAD"
        pause = 0.0
        for attempt in range(self.retries + 1):
            if attempt:
                pause = max(pause, self.backoff * 2 ** (attempt - 1))
            result, asked_wait = ask(url, method, pause)
            if method == "HEAD" and result.status is not None and result.status >= 400 and result.status != 429:
                method = "GET"  # HEAD refused: from now on ask as a browser does
                result, asked_wait = ask(url, method)
            if result.definite:
                return result
            pause = min(asked_wait, MAX_PAUSE)
        return result


def _read_cache(path: Path, now: float) -> tuple[dict[str, tuple[float, Result]], str]:
    """The cache's entries from the last 24 hours, and a warning when the file could not be used."""
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))["links"]
        return {
            url: (float(e["checked"]), Result(bool(e["ok"]), e["status"], str(e["reason"])))
            for url, e in entries.items()
            if 0 <= now - float(e["checked"]) < KEEP_SECONDS
        }, ""
    except FileNotFoundError:
        return {}, ""
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
        return {}, f"cache {path} not used ({err or type(err).__name__}); it will be written afresh"


def _write_cache(path: Path, entries: dict[str, tuple[float, Result]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    links = {url: {"checked": checked, **asdict(result)} for url, (checked, result) in sorted(entries.items())}
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".links-")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        json.dump({"version": 1, "links": links}, stream, indent=1)
    os.replace(temporary, path)  # a run reading it at the same time sees the old file or the new one


@dataclass
class Report:
    results: dict[str, Result]
    cached: int  # how many came from the cache
    warnings: list[str]


def check_links(urls: list[str], checker: Checker, cache: Path | None, now: Callable[[], float] = time.time) -> Report:
    """Check `urls`, answering from `cache` (None: no cache) what it learnt in the last 24 hours."""
    started = now()
    entries, warning = _read_cache(cache, started) if cache else ({}, "")
    warnings = [warning] if warning else []
    known = {url: entries[url][1] for url in urls if url in entries}
    results = checker.check([url for url in urls if url not in known])
    if cache and results:
        entries.update({url: (started, result) for url, result in results.items() if result.definite})
        try:
            _write_cache(cache, entries)
        except OSError as err:
            warnings.append(f"cache {cache} not written ({err.strerror or err})")
    return Report({**known, **results}, len(known), warnings)
