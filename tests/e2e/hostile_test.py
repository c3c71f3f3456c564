#!/usr/bin/env python3
"""forumd against hostile and careless clients, from outside, as its own process.

Descriptor and memory floods, undecodable bodies, forged log lines, rate limits with their retry
delay, plaintext off this machine, backups that would copy the wrong file, files readable by
others, and a corpus of bad inputs sent to every RPC that changes something, each checked for
its exact code and for having changed nothing.
"""
import argparse
import concurrent.futures
import os
import socket
import sqlite3
import stat
import subprocess
import sys
import tempfile
import threading
import time
import unittest

import grpc

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_test  # noqa: E402
from e2e_test import Client, Server, ctl, error_details  # noqa: E402

ARGS = None


def peak_rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def count_rows(db, table):
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT count(*) FROM " + table).fetchone()[0]
    finally:
        con.close()


class Floods(unittest.TestCase):
    """Descriptor exhaustion and memory, each on a forumd of its own."""

    def test_descriptor_flood_then_new_clients_are_served(self):
        with tempfile.TemporaryDirectory() as tmp:
            # A low limit, so that 400 silent sockets would exhaust it.
            server = Server(tmp, wrapper=["prlimit", "--nofile=256:256"])
            server.start()
            try:
                client = Client(server.address(), server.admin_token())
                entity = e2e_test.entity_pb2
                get = entity.GetEntityRequest(name="entities/bel")
                client.call("/forum.v1.EntityService/GetEntity", get, entity.Entity)
                sockets = []
                for _ in range(400):
                    s = socket.socket()
                    s.settimeout(2)
                    try:
                        s.connect(("127.0.0.1", server.port))
                    except OSError:
                        s.close()
                        continue
                    sockets.append(s)
                time.sleep(1.0)
                self.assertIsNone(server.proc.poll(), "forumd died during the flood")
                # A connection made before the flood still works during it.
                client.call("/forum.v1.EntityService/GetEntity", get, entity.Entity)
                for s in sockets:
                    s.close()
                # Every new client is served again within 5 s.
                deadline = time.time() + 5
                while True:
                    fresh = Client(server.address(), server.admin_token())
                    # A connection of its own: gRPC would otherwise share the one made before.
                    fresh.channel = grpc.insecure_channel(
                        server.address(), options=[("grpc.use_local_subchannel_pool", 1)])
                    try:
                        got = fresh.call("/forum.v1.EntityService/GetEntity", get, entity.Entity,
                                         timeout=1)
                        self.assertEqual(got.name, "entities/bel")
                        break
                    except grpc.RpcError:
                        if time.time() > deadline:
                            self.fail("no new connection is accepted after the flood:\n" +
                                      server.read_log()[-2000:])
                        time.sleep(0.2)
                    finally:
                        fresh.channel.close()
                self.assertIn("connections refused", server.read_log())
            finally:
                server.stop()

    def test_silent_connections_are_dropped_so_their_slots_come_back(self):
        with tempfile.TemporaryDirectory() as tmp:
            server = Server(tmp, extra=["--max-connections", "50"])
            server.start()
            try:
                sockets = []
                for _ in range(80):
                    s = socket.socket()
                    s.connect(("127.0.0.1", server.port))
                    sockets.append(s)
                # The silent sockets hold every slot until their handshake times out (10 s);
                # then a new client is served although none of them was closed by its owner.
                entity = e2e_test.entity_pb2
                deadline = time.time() + 20
                while True:
                    fresh = Client(server.address(), server.admin_token())
                    fresh.channel = grpc.insecure_channel(
                        server.address(), options=[("grpc.use_local_subchannel_pool", 1)])
                    try:
                        fresh.call("/forum.v1.EntityService/GetEntity",
                                   entity.GetEntityRequest(name="entities/bel"), entity.Entity,
                                   timeout=1)
                        break
                    except grpc.RpcError:
                        if time.time() > deadline:
                            self.fail("silent connections kept every slot")
                        time.sleep(0.5)
                    finally:
                        fresh.channel.close()
                for s in sockets:
                    s.close()
            finally:
                server.stop()

    def test_memory_stays_bounded_under_large_unauthenticated_requests(self):
        with tempfile.TemporaryDirectory() as tmp:
            server = Server(tmp)
            # AddressSanitizer keeps up to 256 MB of freed memory on purpose (its quarantine);
            # that is the sanitizer's memory, not forumd's, so it is turned off here.
            if "ASAN_OPTIONS" in os.environ:
                server.env_extra["ASAN_OPTIONS"] = os.environ["ASAN_OPTIONS"] + ":quarantine_size_mb=0"
            server.start()
            try:
                # Wait for start-up allocations to settle, then measure the flood's own growth.
                time.sleep(0.5)
                before = peak_rss_kib(server.proc.pid)
                body = e2e_test.event_pb2.GetEventRequest(name="x" * 3_900_000).SerializeToString()
                codes = []

                def send(_):
                    # A connection each, as 150 hostile clients would have.
                    channel = grpc.insecure_channel(
                        server.address(), options=[("grpc.max_send_message_length", 8 << 20),
                                                   ("grpc.use_local_subchannel_pool", 1)])
                    try:
                        rpc = channel.unary_unary("/forum.v1.EventService/GetEvent")
                        rpc(body, timeout=20)
                        return grpc.StatusCode.OK
                    except grpc.RpcError as e:
                        return e.code()
                    finally:
                        channel.close()

                with concurrent.futures.ThreadPoolExecutor(max_workers=150) as pool:
                    codes = list(pool.map(send, range(150)))
                after = peak_rss_kib(server.proc.pid)
                self.assertNotIn(grpc.StatusCode.OK, codes)
                self.assertNotIn(grpc.StatusCode.INTERNAL, codes)
                growth_mib = (after - before) / 1024
                print("memory flood: peak RSS %.1f MiB before, %.1f MiB after (+%.1f MiB); codes %s"
                      % (before / 1024, after / 1024, growth_mib, sorted(set(map(str, codes)))))
                with open("/proc/%d/maps" % server.proc.pid) as maps:
                    sanitized = "libasan" in maps.read()
                # 150 x 3.9 MB = 585 MB were sent on 150 connections (the finding: +250 MB, kept).
                # gRPC 1.51 reads about 1 MB of a request per connection before its size check
                # refuses it, and nothing is kept after. Measured on 2026-11-29 (AMD EPYC, every
                # service on the callback API): +62 to +96 MiB in the release build; under
                # AddressSanitizer (its redzones, shadow and per-thread caches) +209 to +230 MiB
                # alone and +275 MiB beside the rest of the suite. The bounds leave room for a
                # loaded machine.
                bound = 330 if sanitized else 200
                self.assertLess(growth_mib, bound, "peak RSS grew by %.1f MiB" % growth_mib)
                # And it is given back: forumd trims freed memory every 5 s, so the flood does
                # not stay resident (226 MB stayed in the finding). AddressSanitizer's allocator
                # keeps its pages whatever the program does, so this is checked without it.
                time.sleep(6.5)
                resident = rss_kib(server.proc.pid) / 1024
                print("memory flood: resident %.1f MiB after 6.5 s" % resident)
                if not sanitized:
                    self.assertLess(resident, before / 1024 + 40)
                # Still serving.
                client = Client(server.address(), server.admin_token())
                entity = e2e_test.entity_pb2
                client.call("/forum.v1.EntityService/GetEntity",
                            entity.GetEntityRequest(name="entities/bel"), entity.Entity)
            finally:
                server.stop()


class Hostile(unittest.TestCase):
    """One forumd with its default limits, text logs, and a corpus of bad requests."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.server = Server(cls.tmp.name, log_format="text")
        cls.server.start()
        cls.client = Client(cls.server.address(), cls.server.admin_token())

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.tmp.cleanup()

    def test_undecodable_bodies_are_the_clients_fault(self):
        for method in ("/forum.v1.EventService/CreateEvent",
                       "/forum.v1.DocumentService/InsertParagraph",
                       "/forum.v1.DelegationService/RegisterDelegation"):
            with self.assertRaises(grpc.RpcError) as caught:
                self.client.raw(method, b"\xff\xff\xff\xff\x0f")
            self.assertEqual(caught.exception.code(), grpc.StatusCode.INVALID_ARGUMENT, method)
        log = self.server.read_log()
        self.assertNotIn(" error rpc method=", log)

    def test_invalid_utf8_leaves_only_forumds_own_log_lines(self):
        # GetEventRequest.name (field 1) holding bytes that are not UTF-8: protobuf refuses to
        # parse it and reports it through its own logger, which wrote raw lines to stderr,
        # outside forumd's format (a JSON log reader would stop there).
        for _ in range(3):
            with self.assertRaises(grpc.RpcError) as caught:
                self.client.raw("/forum.v1.EventService/GetEvent", b"\x0a\x03\xff\xfeA")
            self.assertEqual(caught.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
        time.sleep(0.2)
        for line in self.server.read_log().splitlines():
            self.assertRegex(line, r"^\d{4}-\d\d-\d\dT", "a line not of forumd's format")

    def test_calls_out_of_time_are_not_logged_as_server_errors(self):
        event = e2e_test.event_pb2
        small = event.GetEventRequest(name="events/hld-2006")
        large = event.UpdateEventRequest(event=event.Event(name="events/hld-2006",
                                                           description="x" * 900_000))
        for i in range(150):
            request, method, answer = (
                (small, "/forum.v1.EventService/GetEvent", event.Event) if i % 2 else
                (large, "/forum.v1.EventService/UpdateEvent", event.Event))
            try:
                self.client.call(method, request, answer, timeout=0.001)
            except grpc.RpcError:
                pass
        time.sleep(0.5)
        errors = [line for line in self.server.read_log().splitlines() if "Z error " in line]
        self.assertEqual(errors, [])

    def test_names_cannot_forge_log_lines_or_flood_the_log(self):
        forged = ("events/x\n2099-01-01T00:00:00.000000Z info rpc method=/forged code=OK"
                  "\x1b[31m\u0085")
        event = e2e_test.event_pb2
        with self.assertRaises(grpc.RpcError) as caught:
            self.client.call("/forum.v1.EventService/GetEvent", event.GetEventRequest(name=forged),
                             event.Event)
        self.assertEqual(caught.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
        time.sleep(0.2)
        log = self.server.read_log()
        for line in log.splitlines():
            self.assertFalse(line.startswith("2099-01-01"), "a forged line: " + line)
        self.assertNotIn("\x1b", log)
        self.assertNotIn("\u0085", log)
        # Fifty names of 900 KB each write kilobytes to the log, not megabytes.
        size = os.path.getsize(os.path.join(self.server.workdir, "forumd.log"))
        huge = "events/" + "a" * 900_000
        for _ in range(50):
            with self.assertRaises(grpc.RpcError) as caught:
                self.client.call("/forum.v1.EventService/GetEvent",
                                 event.GetEventRequest(name=huge), event.Event)
            self.assertEqual(caught.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
        grown = os.path.getsize(os.path.join(self.server.workdir, "forumd.log")) - size
        self.assertLess(grown, 100_000, "the log grew by %d bytes" % grown)

    def test_writes_past_the_default_rate_get_a_retry_delay(self):
        token = ctl(self.server, "tokens", "create", "--name", "Flooding chair", "--role",
                    "admin").stdout
        secret = [w for w in token.split() if w.startswith("forum_")][0]
        client = Client(self.server.address(), secret)
        event = e2e_test.event_pb2
        codes, retry_delays = [], []
        for i in range(260):
            request = event.CreateEventRequest(
                event_id="flood-%d" % i,
                event=event.Event(title="Flood", kind=event.EVENT_KIND_CONSULTATION,
                                  venue="Geneva", time_zone="Europe/Zurich",
                                  start_date="2027-05-10", end_date="2027-05-10"))
            try:
                client.call("/forum.v1.EventService/CreateEvent", request, event.Event)
                codes.append("OK")
            except grpc.RpcError as e:
                codes.append(e.code().name)
                status, _ = error_details(e)
                for any_ in status.details if status else ():
                    retry = e2e_test.errors_pb2.RetryInfo()
                    if any_.Unpack(retry):
                        retry_delays.append(retry.retry_delay.ToMicroseconds())
        self.assertGreaterEqual(codes.count("OK"), 200)
        self.assertIn("RESOURCE_EXHAUSTED", codes)
        self.assertEqual(set(codes), {"OK", "RESOURCE_EXHAUSTED"})
        self.assertTrue(retry_delays and all(0 < d <= 1_000_000 for d in retry_delays))
        made = count_rows(self.server.db, "events WHERE event_id LIKE 'flood-%'")
        self.assertEqual(made, codes.count("OK"))


class Retries(unittest.TestCase):
    def test_forumctl_waits_out_its_rate_and_succeeds(self):
        with tempfile.TemporaryDirectory() as tmp:
            # One change at once, two a second: back-to-back commands meet the limit.
            server = Server(tmp, extra=["--write-rate", "2", "--write-burst", "1"],
                            log_format="text")
            server.start()
            try:
                ctl(server, "events", "create", "retry-2027", "--title", "Retries", "--kind",
                    "consultation", "--venue", "Geneva", "--time-zone", "Europe/Zurich",
                    "--start", "2027-05-10", "--end", "2027-05-11")
                # Started together, so that they meet the limit however slowly each forumctl
                # starts on a loaded machine.
                with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
                    for done in [pool.submit(ctl, server, "rooms", "create", "retry-2027", room,
                                             "--name", "Room " + room, "--capacity", "20")
                                 for room in ("a", "b", "c")]:
                        done.result()
                self.assertEqual(count_rows(server.db, "rooms WHERE event_id = 'retry-2027'"), 3)
                # The limit was met, and forumctl waited for the delay forumd gave.
                self.assertIn("code=RESOURCE_EXHAUSTED", server.read_log())
            finally:
                server.stop()


class Startup(unittest.TestCase):
    """What forumd refuses before it serves, and the files it leaves."""

    def run_forumd(self, *args, timeout=30):
        return subprocess.run([ARGS.forumd] + list(args), capture_output=True, text=True,
                              timeout=timeout)

    def test_plaintext_off_this_machine_is_refused(self):
        with tempfile.TemporaryDirectory() as tmp:
            db = os.path.join(tmp, "forum.db")
            result = self.run_forumd("--listen", "0.0.0.0:0", "--db", db,
                                     "--admin-token-file", os.path.join(tmp, "token"))
            self.assertEqual(result.returncode, 2, result.stderr)
            self.assertIn("without TLS", result.stderr)
            self.assertIn("--insecure-plaintext-tokens", result.stderr)
            self.assertFalse(os.path.exists(db), "nothing is created before refusing")
            server = Server(tmp, listen="0.0.0.0:0", extra=["--insecure-plaintext-tokens"])
            server.start()
            try:
                entity = e2e_test.entity_pb2
                Client(server.address(), server.admin_token()).call(
                    "/forum.v1.EntityService/GetEntity",
                    entity.GetEntityRequest(name="entities/bel"), entity.Entity)
            finally:
                server.stop()

    def test_forumctl_warns_before_sending_a_token_in_plaintext_off_this_machine(self):
        with tempfile.TemporaryDirectory() as tmp:
            token = os.path.join(tmp, "token")
            with open(token, "w") as f:
                f.write("forum_000000000000_x\n")
            os.chmod(token, 0o600)
            result = subprocess.run(
                [ARGS.forumctl, "--server", "192.0.2.1:50051", "--timeout", "1", "events", "list"],
                capture_output=True, text=True, timeout=30,
                env=dict(os.environ, FORUM_TOKEN_FILE=token))
            self.assertNotEqual(result.returncode, 0)
            self.assertIn("without TLS", result.stderr)

    def test_a_database_readable_by_others_is_made_owner_only_at_start(self):
        with tempfile.TemporaryDirectory() as tmp:
            server = Server(tmp)
            server.start()
            server.stop()
            os.chmod(server.db, 0o644)
            server.start()
            try:
                mode = stat.S_IMODE(os.stat(server.db).st_mode)
                self.assertEqual(mode & 0o077, 0, "mode %o" % mode)
            finally:
                server.stop()

    def test_backups_refuse_a_missing_database_and_the_database_itself(self):
        with tempfile.TemporaryDirectory() as tmp:
            server = Server(tmp)
            server.start()
            try:
                typo = os.path.join(tmp, "typo.db")
                out = os.path.join(tmp, "out.db")
                result = self.run_forumd("backup", out, "--db", typo)
                self.assertNotEqual(result.returncode, 0)
                self.assertFalse(os.path.exists(typo), "a mistyped --db is never created")
                self.assertFalse(os.path.exists(out))
                result = self.run_forumd("backup", server.db, "--db", server.db)
                self.assertNotEqual(result.returncode, 0)
                self.assertIn("database itself", result.stderr)
                self.assertEqual(count_rows(server.db, "events WHERE event_id = 'hld-2006'"), 1)
                result = self.run_forumd("backup", out, "--db", server.db)
                self.assertEqual(result.returncode, 0, result.stderr)
                # The database, its WAL and the backup are for their owner only.
                for path in (server.db, server.db + "-wal", out):
                    if os.path.exists(path):
                        mode = stat.S_IMODE(os.stat(path).st_mode)
                        self.assertEqual(mode & 0o077, 0, "%s is mode %o" % (path, mode))
            finally:
                server.stop()


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--forumd", required=True)
    parser.add_argument("--forumctl", required=True)
    parser.add_argument("--python-protos", required=True)
    ARGS, rest = parser.parse_known_args()
    e2e_test.ARGS = ARGS
    e2e_test.load_protos(ARGS.python_protos)
    os.environ["FORUM_TOKEN_FILE"] = os.path.join(tempfile.mkdtemp(), "token")
    unittest.main(argv=[sys.argv[0], "-v"] + rest)


if __name__ == "__main__":
    main()
