#!/usr/bin/env python3
"""End-to-end test of forumd's HTTP port with the real binaries.

An independent Node.js client built on buf's Connect libraries from npm (tests/e2e/connect_client)
calls the API in Connect JSON, Connect binary and gRPC-Web, follows the change feed and checks the
codes of refusals, over plain HTTP and over TLS. Then curl as the README shows it, /metrics after
calls over both ports, and the switches of the HTTP port.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_test  # noqa: E402
from e2e_test import Server, ctl, make_pki, npm_ci  # noqa: E402

ARGS = None
HERE = os.path.dirname(os.path.abspath(__file__))


def prepare_node_client():
    """Installs the pinned npm packages (once per lock file) and generates the messages."""
    target = ARGS.node_dir
    npm_ci(os.path.join(HERE, "connect_client"), target,
           ("package.json", "package-lock.json", "client.mjs"))
    gen = os.path.join(target, "gen")
    shutil.rmtree(gen, ignore_errors=True)
    os.makedirs(gen)
    protos = sorted("forum/v1/" + f for f in os.listdir(os.path.join(ARGS.proto_dir, "forum/v1"))
                    if f.endswith(".proto"))
    subprocess.run([ARGS.protoc, "--plugin=protoc-gen-es=" + os.path.join(
        target, "node_modules", ".bin", "protoc-gen-es"), "--es_out=" + gen,
        "--es_opt=target=js,import_extension=js", "-I", ARGS.proto_dir] + protos, check=True, timeout=120)
    return gen


def node_client(base, token, event, env=None):
    return subprocess.run(["node", os.path.join(ARGS.node_dir, "client.mjs"), "--base", base,
                           "--token", token, "--gen", GEN, "--event", event],
                          capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, **(env or {})))


GEN = None


class ConnectClient(unittest.TestCase):
    def test_the_npm_client_over_plain_http(self):
        with tempfile.TemporaryDirectory() as tmp:
            server = Server(tmp)
            server.start()
            try:
                self.assertIsNotNone(server.http_port)
                result = node_client("http://127.0.0.1:%d" % server.http_port,
                                     server.admin_token(), "connect-2027")
                self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
                summary = json.loads(result.stdout.strip().splitlines()[-1])
                self.assertEqual(summary["checks"], 13)
                # What the browser's protocol wrote, gRPC reads: one server, one store.
                got = json.loads(ctl(server, "-o", "json", "delegations", "get",
                                     "connect-2027", "bel").stdout)
                self.assertEqual(got["name"], summary["delegation"])
                self.assertEqual(got["contact_email"], "focal@example.org")
                # The same call log for both ports, naming the HTTP client.
                log = server.read_log()
                self.assertRegex(log, r'RegisterDelegation.*"peer":"http:127\.0\.0\.1:\d+"'
                                 if '"peer"' in log else r"RegisterDelegation.*peer=http:127")
            finally:
                self.assertEqual(server.stop(), 0)

    def test_the_npm_client_over_tls(self):
        with tempfile.TemporaryDirectory() as tmp:
            pki = make_pki(tmp)
            server = Server(tmp, extra=["--tls-cert", pki["server"], "--tls-key",
                                        pki["server_key"]])
            server.start()
            try:
                result = node_client("https://localhost:%d" % server.http_port,
                                     server.admin_token(), "connect-tls-2027",
                                     env={"NODE_EXTRA_CA_CERTS": pki["ca"]})
                self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
                # Plain HTTP to the TLS port gets no answer.
                with self.assertRaises(Exception):
                    urllib.request.urlopen("http://127.0.0.1:%d/metrics" % server.http_port,
                                           timeout=10).read()
            finally:
                self.assertEqual(server.stop(), 0)


class HttpPort(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.server = Server(cls.tmp.name)
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.tmp.cleanup()

    def test_curl_as_the_readme_shows_it(self):
        result = subprocess.run(
            ["curl", "-sS", "--fail-with-body", "-H", "Content-Type: application/json",
             "-H", "Authorization: Bearer " + self.server.admin_token(),
             "-d", '{"name": "events/hld-2006"}',
             "http://127.0.0.1:%d/forum.v1.EventService/GetEvent" % self.server.http_port],
            capture_output=True, text=True, timeout=30)
        self.assertEqual(result.returncode, 0, result.stderr + result.stdout)
        self.assertEqual(json.loads(result.stdout)["name"], "events/hld-2006")
        refused = subprocess.run(
            ["curl", "-sS", "-o", "-", "-w", "\n%{http_code}", "-H",
             "Content-Type: application/json", "-d", '{"name": "events/hld-2006"}',
             "http://127.0.0.1:%d/forum.v1.EventService/GetEvent" % self.server.http_port],
            capture_output=True, text=True, timeout=30)
        body, status = refused.stdout.rsplit("\n", 1)
        self.assertEqual(status, "401")
        self.assertEqual(json.loads(body)["code"], "unauthenticated")

    def test_metrics_count_calls_over_both_ports(self):
        ctl(self.server, "events", "get", "hld-2006")
        request = urllib.request.Request(
            "http://127.0.0.1:%d/forum.v1.EventService/GetEvent" % self.server.http_port,
            data=b'{"name": "events/nowhere"}', method="POST",
            headers={"Content-Type": "application/json",
                     "Authorization": "Bearer " + self.server.admin_token()})
        with self.assertRaises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        self.assertEqual(refused.exception.code, 404)
        # The same list twice with nothing changed between: the second is a kept answer.
        for _ in range(2):
            ctl(self.server, "delegations", "list", "hld-2006")
        with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % self.server.http_port,
                                    timeout=30) as answer:
            self.assertTrue(answer.headers["Content-Type"].startswith("text/plain"))
            text = answer.read().decode()

        def value(pattern):
            match = re.search(r"^" + pattern + r" (\S+)$", text, re.M)
            self.assertIsNotNone(match, pattern + " in:\n" + text[:3000])
            return float(match.group(1))

        get = r'forum_rpc_calls_total\{code="%s",method="/forum.v1.EventService/GetEvent"\}'
        self.assertGreaterEqual(value(get % "OK"), 1)
        self.assertGreaterEqual(value(get % "NOT_FOUND"), 1)
        self.assertGreater(value(r"forum_transactions_total"), 0)
        self.assertGreater(value(r'forum_database_bytes\{file="database"\}'), 0)
        self.assertEqual(value(r"forum_watchers"), 0)
        self.assertGreaterEqual(value(r'forum_commit_batch_size_bucket\{le="\+Inf"\}'), 0)
        self.assertGreaterEqual(value(r'forum_rpc_duration_seconds_count\{method='
                                      r'"/forum.v1.EventService/GetEvent"\}'), 2)
        self.assertEqual(value(r"forum_calls_refused_busy_total"), 0)
        self.assertGreaterEqual(value(r"forum_read_cache_hits_total"), 1)
        self.assertGreaterEqual(value(r"forum_read_cache_misses_total"), 1)
        self.assertGreater(value(r"forum_read_cache_bytes"), 0)
        for name in ("forum_call_threads", "forum_calls_running",
                     "forum_writer_queue_depth", "forum_http_connections", "forum_http_streams",
                     "forum_open_descriptors", 'forum_rate_limited_total{kind="read"}'):
            self.assertIn(name, text)

    def test_the_web_port_refuses_unknown_paths_and_methods(self):
        for path in ("/nothing-here", "/forum.v1.EventService/GetEvent"):
            with self.assertRaises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen("http://127.0.0.1:%d%s" % (self.server.http_port, path),
                                       timeout=30)
            self.assertEqual(refused.exception.code, 404, path)


class Switches(unittest.TestCase):
    def test_off_serves_no_http(self):
        with tempfile.TemporaryDirectory() as tmp:
            server = Server(tmp, extra=["--http-listen", "off"])
            server.start()
            try:
                self.assertIsNone(server.http_port)
                self.assertIn("hld-2006", ctl(server, "events", "get", "hld-2006").stdout)
                self.assertNotIn("HTTP (Connect", server.read_log())
            finally:
                self.assertEqual(server.stop(), 0)

    def test_streams_must_leave_threads_for_calls(self):
        with tempfile.TemporaryDirectory() as tmp:
            result = subprocess.run([ARGS.forumd, "--db", os.path.join(tmp, "forum.db"),
                                     "--listen", "127.0.0.1:0", "--http-listen", "127.0.0.1:0",
                                     "--http-threads", "8", "--max-http-streams", "8"],
                                    capture_output=True, text=True, timeout=60)
            self.assertEqual(result.returncode, 2)
            self.assertIn("--max-http-streams", result.stdout + result.stderr)

    def test_a_public_http_address_needs_tls(self):
        with tempfile.TemporaryDirectory() as tmp:
            result = subprocess.run([ARGS.forumd, "--db", os.path.join(tmp, "forum.db"),
                                     "--listen", "127.0.0.1:0", "--http-listen", "0.0.0.0:0"],
                                    capture_output=True, text=True, timeout=60)
            self.assertEqual(result.returncode, 2)
            self.assertIn("without TLS", result.stdout + result.stderr)


def main():
    global ARGS, GEN
    parser = argparse.ArgumentParser()
    parser.add_argument("--forumd", required=True)
    parser.add_argument("--forumctl", required=True)
    parser.add_argument("--python-protos", required=True)
    parser.add_argument("--node-dir", required=True)
    parser.add_argument("--protoc", required=True)
    parser.add_argument("--proto-dir", required=True)
    ARGS, rest = parser.parse_known_args()
    e2e_test.ARGS = ARGS
    e2e_test.load_protos(ARGS.python_protos)
    os.environ["FORUM_TOKEN_FILE"] = os.path.join(tempfile.mkdtemp(), "token")
    GEN = prepare_node_client()
    unittest.main(argv=[sys.argv[0], "-v"] + rest)


if __name__ == "__main__":
    main()
