"""The HTTP client, and the service process it may start."""

import atexit
import collections
import glob
import http.client
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import urllib.parse

_SERVING = re.compile(r"serving \S+ on (http://\S+)")


class SpecCxrError(Exception):
    """The service refused a request (the message is its one line saying what to fix), or could not be started."""

    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status


def _repo_root():
    # python/spec_cxr/client.py -> the repository (a source checkout or an editable install)
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def find_jar(build=True):
    """The runnable jar: $SPEC_CXR_JAR, else cli/target/spec-cxr-cli-*-all.jar of the repository, built with the
    launcher ./spec-cxr when it is missing (and ``build`` is true)."""
    env = os.environ.get("SPEC_CXR_JAR")
    if env:
        if not os.path.isfile(env):
            raise SpecCxrError("SPEC_CXR_JAR=%s is not a file" % env)
        return env
    root = os.environ.get("SPEC_CXR_HOME") or _repo_root()
    pattern = os.path.join(root, "cli", "target", "spec-cxr-cli-*-all.jar")
    jars = sorted(glob.glob(pattern))
    if not jars and build:
        launcher = os.path.join(root, "spec-cxr")
        if not os.path.isfile(launcher):
            raise SpecCxrError("no spec-cxr jar (%s) and no launcher at %s; set SPEC_CXR_JAR or SPEC_CXR_HOME, or pass "
                               "the url of a running `spec-cxr serve`" % (pattern, launcher))
        # the launcher builds the jar when it is missing or stale, then runs it
        done = subprocess.run([launcher, "--version"], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True)
        if done.returncode != 0:
            raise SpecCxrError("building the spec-cxr jar failed: %s" % (done.stderr.strip().splitlines() or ["?"])[-1])
        jars = sorted(glob.glob(pattern))
    if not jars:
        raise SpecCxrError("no spec-cxr jar at %s; build it with ./spec-cxr --version, or set SPEC_CXR_JAR" % pattern)
    return jars[-1]


class SpecCxr:
    """A spec-cxr service: the one at ``url``, or one started from the jar (``serve --port 0``) and stopped on
    ``close()``, at the end of a ``with`` block, or when Python exits.

    ``judge`` and ``serve_args`` (extra ``spec-cxr serve`` options, e.g. ``["--entities", "chexpert14"]``) apply only
    to a service this object starts. API keys for LLM judges are read by the service from its environment.
    """

    def __init__(self, url=None, judge="rules", serve_args=(), jar=None, java=None, startup_timeout=300.0,
                 timeout=600.0):
        self._process = None
        self._local = threading.local()
        self.timeout = timeout
        if url is None:
            url = self._start(judge, list(serve_args), jar, java, startup_timeout)
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise SpecCxrError("url must be http://HOST:PORT (got %r)" % url)
        self.url = url.rstrip("/")
        self._scheme = parsed.scheme
        self._host = parsed.hostname
        self._port = parsed.port or (443 if parsed.scheme == "https" else 80)
        self._prefix = parsed.path.rstrip("/")
        self._max_items = None

    # -- the service process ------------------------------------------------------------------------------------

    def _start(self, judge, serve_args, jar, java, startup_timeout):
        jar = jar or find_jar()
        java = java or (os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME")
                        else shutil.which("java"))
        if not java:
            raise SpecCxrError("no java found; install a JDK 17 or newer, or set JAVA_HOME")
        cmd = [java, "-Djava.awt.headless=true", "-jar", jar, "serve", "--port", "0", "--judge", judge] + serve_args
        self._process = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                         universal_newlines=True, encoding="utf-8")
        atexit.register(self.close)
        lines = queue.Queue()
        errors = collections.deque(maxlen=20)

        def log(line):
            # the service's notes (and an LLM judge's notices) go on to our stderr; the last few name a failed start
            errors.append(line)
            try:
                sys.stderr.write(line)
            except (ValueError, OSError):
                pass  # stderr closed at interpreter exit

        def pump(stream, sink, eof=False):
            for line in stream:
                sink(line)
            if eof:
                sink(None)  # the process closed its stdout: it will not say where it listens

        # stdout's first line says where the service listens; stderr is kept for an error message and passed on
        threading.Thread(target=pump, args=(self._process.stdout, lines.put, True), daemon=True).start()
        errors_done = threading.Event()

        def pump_errors():
            pump(self._process.stderr, log)
            errors_done.set()

        threading.Thread(target=pump_errors, daemon=True).start()
        while True:
            try:
                line = lines.get(timeout=startup_timeout)
            except queue.Empty:
                self.close()
                raise SpecCxrError("spec-cxr serve did not start within %.0f s" % startup_timeout)
            if line is None:
                break
            match = _SERVING.search(line)
            if match:
                return match.group(1)
        try:
            self._process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.close()
        errors_done.wait(timeout=10)
        message = "".join(errors).strip().splitlines()
        raise SpecCxrError("spec-cxr serve exited with status %s: %s" % (self._process.returncode,
                                                                         message[-1] if message else "no message"))

    @property
    def process(self):
        """The service process this object started, or None."""
        return self._process

    def close(self):
        """Stops the service this object started (SIGTERM: requests in flight are answered first)."""
        p = self._process
        if p is not None and p.poll() is None:
            p.terminate()
            try:
                p.wait(timeout=60)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    # -- HTTP ---------------------------------------------------------------------------------------------------

    def _connection(self):
        conn = getattr(self._local, "conn", None)
        if conn is None:
            cls = http.client.HTTPSConnection if self._scheme == "https" else http.client.HTTPConnection
            conn = cls(self._host, self._port, timeout=self.timeout)
            self._local.conn = conn
        return conn

    def _request(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode("utf-8")
        headers = {"Content-Type": "application/json"} if data is not None else {}
        for attempt in (1, 2):
            conn = self._connection()
            try:
                conn.request(method, self._prefix + path, body=data, headers=headers)
                resp = conn.getresponse()
                payload = resp.read()
                break
            except (http.client.HTTPException, ConnectionError, OSError) as e:
                # a kept-alive connection the server closed: once more on a new one
                conn.close()
                self._local.conn = None
                if attempt == 2:
                    raise SpecCxrError("cannot reach the spec-cxr service at %s (%s)" % (self.url, e))
        try:
            answer = json.loads(payload.decode("utf-8")) if payload else {}
        except ValueError:
            raise SpecCxrError("the service at %s answered HTTP %d with something that is not JSON" % (self.url, resp.status),
                               resp.status)
        if resp.status >= 400:
            raise SpecCxrError(answer.get("error", "HTTP %d" % resp.status) if isinstance(answer, dict)
                               else "HTTP %d" % resp.status, resp.status)
        return answer

    def health(self):
        return self._request("GET", "/health")

    def entities(self):
        """The entity set the service judges with."""
        return self._request("GET", "/v1/entities")

    def _batch_size(self):
        if self._max_items is None:
            self._max_items = int(self.health().get("max_items", 1000))
        return self._max_items

    # -- evaluation ---------------------------------------------------------------------------------------------

    def evaluate(self, references, candidates, ids=None, model="candidate", records=True):
        """Judges each candidate report against its reference.

        Returns one dict per pair, in order: ``id``, ``model``, ``error_count`` (FP + FN + location, severity and
        comparison errors; lower is better), ``weighted_errors``, ``f1`` (the report's presence F1; higher is
        better), the parts (``fp``, ``fn``, ``tp``, ``tn``, ``location_errors``, ``severity_errors``,
        ``comparison_errors``) and, with ``records``, ``verdicts``: the entity verdicts of the pair. A pair the judge
        failed on has ``error`` instead of scores. Batches larger than the service's limit are split.
        """
        if isinstance(references, str):
            references = [references]
        if isinstance(candidates, str):
            candidates = [candidates]
        references, candidates = list(references), list(candidates)
        if len(references) != len(candidates):
            raise ValueError("references and candidates differ in length (%d and %d)" % (len(references), len(candidates)))
        ids = [str(i) for i in range(len(references))] if ids is None else [str(i) for i in ids]
        if len(ids) != len(references):
            raise ValueError("ids and references differ in length (%d and %d)" % (len(ids), len(references)))
        out = []
        size = self._batch_size()
        for start in range(0, len(references), size):
            pairs = [{"id": ids[i], "reference": references[i], "candidate": candidates[i]}
                     for i in range(start, min(start + size, len(references)))]
            if not pairs:
                continue
            answer = self._request("POST", "/v1/evaluate", {"pairs": pairs, "model": model, "records": records})
            verdicts = {}
            for r in answer.get("records", []):
                verdicts[(r["id"], r["model"])] = r["entities"]
            for rep in answer["reports"]:
                if records and "error" not in rep:
                    rep["verdicts"] = verdicts.get((rep["id"], rep["model"]), [])
                out.append(rep)
        return out

    def evaluate_pairs(self, pairs, entity_scores=False, records=True):
        """The raw /v1/evaluate call: ``pairs`` are dicts with id, reference, candidate and optionally model."""
        return self._request("POST", "/v1/evaluate", {"pairs": list(pairs), "records": records,
                                                       "entity_scores": entity_scores})

    def label(self, reports, labelset="spec-cxr", uncertain="keep", ids=None):
        """Labels single reports: a list of ``{"id", "labels": {label: 1 | 0 | -1 | None}}`` (1 positive, 0 negative,
        -1 uncertain, None not mentioned: the CheXpert labeler's convention)."""
        if isinstance(reports, str):
            reports = [reports]
        reports = list(reports)
        items = reports if ids is None else [{"id": str(i), "report": r} for i, r in zip(ids, reports)]
        if ids is not None and len(ids) != len(reports):
            raise ValueError("ids and reports differ in length")
        out = []
        size = self._batch_size()
        for start in range(0, len(items), size):
            answer = self._request("POST", "/v1/label", {"reports": items[start:start + size], "labelset": labelset,
                                                          "uncertain": uncertain})
            results = answer["results"]
            if ids is None and start:
                for r in results:
                    r["id"] = str(int(r["id"]) + start)
            out.extend(results)
        return out

    def score(self, records):
        """Report-level and entity-level scores of verdict records (as in evaluations.jsonl)."""
        return self._request("POST", "/v1/score", {"records": list(records)})
