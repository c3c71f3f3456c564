#!/usr/bin/env python3
"""End-to-end test of two forumd replicas on one PostgreSQL database.

The test starts a PostgreSQL server of its own (deploy/postgres.sh, in a temporary folder, on a
free port), then replicas A and B on one database. An independent Python grpcio client writes
through A and reads and follows the change feed through B; updates the same event with the same
etag through both at once (exactly one may win); kills A with SIGKILL while writes go to it and
finds every acknowledged write through B; restarts PostgreSQL while writes go on and finds B
back to SERVING and every acknowledged write kept.
"""
import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

import grpc

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_test  # noqa: E402
from e2e_test import Client, Server, ctl  # noqa: E402
from feed_test import Follower  # noqa: E402

ARGS = None
POSTGRES_SH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "deploy",
                           "postgres.sh")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def health(address):
    """grpc.health.v1.Health/Check's status: 1 SERVING, 2 NOT_SERVING (0 on no answer)."""
    channel = grpc.insecure_channel(address)
    try:
        answer = channel.unary_unary("/grpc.health.v1.Health/Check")(b"", timeout=2)
        return answer[1] if len(answer) >= 2 and answer[0] == 0x08 else 0
    except grpc.RpcError:
        return 0
    finally:
        channel.close()


class Replicas(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        # A folder of its own under /tmp: when the test runs as root, the server runs as the
        # postgres user, who must reach it.
        cls.pg_dir = tempfile.mkdtemp(prefix="forum-pg-")
        cls.pg_port = str(free_port())
        env = dict(os.environ, FORUM_PG_FAST="1")
        cls.pg_env = env
        uri = subprocess.run(["bash", POSTGRES_SH, "start", cls.pg_dir, cls.pg_port], env=env,
                             check=True, capture_output=True, text=True).stdout.strip()
        cls.uri = uri
        token_file = os.path.join(cls.tmp.name, "token")
        cls.replicas = []
        for name in ("a", "b"):
            workdir = os.path.join(cls.tmp.name, name)
            os.makedirs(workdir)
            server = Server(workdir, extra=["--write-rate", "0", "--watch-heartbeat", "1",
                                            "--db-pool", "4"])
            server.db = uri
            server.token_file = token_file  # A makes the admin token; B serves the same tokens
            server.start()
            cls.replicas.append(server)
        cls.a, cls.b = cls.replicas

    @classmethod
    def tearDownClass(cls):
        for server in cls.replicas:
            server.stop()
        subprocess.run(["bash", POSTGRES_SH, "stop", cls.pg_dir], env=cls.pg_env)
        subprocess.run(["rm", "-rf", cls.pg_dir])
        cls.tmp.cleanup()

    def client(self, server):
        return Client(server.address(), self.a.admin_token())

    def create_event(self, server, event_id):
        ctl(server, "events", "create", event_id, "--title", "Consultation", "--kind",
            "consultation", "--venue", "Geneva", "--time-zone", "Europe/Zurich", "--start",
            "2027-05-10", "--end", "2027-05-11", "--state", "open-for-registration")

    def member_states(self):
        from forum.v1 import entity_pb2
        return [e.name.split("/")[1] for e in self.client(self.b).call(
            "/forum.v1.EntityService/ListEntities", entity_pb2.ListEntitiesRequest(page_size=1000),
            entity_pb2.ListEntitiesResponse).entities
            if e.kind == entity_pb2.ENTITY_KIND_MEMBER_STATE]

    def delegations(self, server, event):
        from forum.v1 import delegation_pb2
        names, token = [], ""
        while True:
            page = self.client(server).call(
                "/forum.v1.DelegationService/ListDelegations",
                delegation_pb2.ListDelegationsRequest(parent="events/" + event, page_size=200,
                                                      page_token=token),
                delegation_pb2.ListDelegationsResponse)
            names += [d.entity.split("/")[1] for d in page.delegations]
            token = page.next_page_token
            if not token:
                return names

    def test_1_writes_through_a_are_read_and_followed_through_b(self):
        follower = Follower(self.b.address(), self.a.admin_token(), "events/both-2027", start=1)
        self.create_event(self.a, "both-2027")
        shown = ctl(self.b, "events", "get", "both-2027").stdout
        self.assertIn("events/both-2027", shown)
        follower.start()
        time.sleep(1)
        for code in ("mex", "ken", "fra"):
            self.client(self.a).register("both-2027", code, "both-" + code)
        expected = {"events/both-2027/delegations/" + c for c in ("mex", "ken", "fra")}
        deadline = time.time() + 20
        while time.time() < deadline and not expected <= set(follower.names()):
            time.sleep(0.1)
        follower.stop.set()
        self.assertTrue(expected <= set(follower.names()),
                        "B's feed carries what was written through A: %s" % follower.names())
        self.assertEqual(sorted(self.delegations(self.b, "both-2027")), ["fra", "ken", "mex"])

    def test_2_one_etag_two_replicas_exactly_one_update_wins(self):
        from forum.v1 import event_pb2
        from google.protobuf import field_mask_pb2
        self.create_event(self.a, "race-2027")
        get = event_pb2.GetEventRequest(name="events/race-2027")
        for round_number in range(10):
            current = self.client(self.a).call("/forum.v1.EventService/GetEvent", get,
                                               event_pb2.Event)
            outcomes = []

            def update(server, title):
                event = event_pb2.Event(name="events/race-2027", title=title, etag=current.etag)
                request = event_pb2.UpdateEventRequest(
                    event=event, update_mask=field_mask_pb2.FieldMask(paths=["title"]))
                try:
                    self.client(server).call("/forum.v1.EventService/UpdateEvent", request,
                                             event_pb2.Event)
                    outcomes.append("won")
                except grpc.RpcError as e:
                    outcomes.append(e.code())

            threads = [threading.Thread(target=update, args=(s, "Round %d by %s" % (
                round_number, name))) for s, name in ((self.a, "A"), (self.b, "B"))]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            self.assertEqual(outcomes.count("won"), 1, outcomes)
            self.assertIn(grpc.StatusCode.ABORTED, outcomes)

    def test_3_sigkill_of_a_loses_no_acknowledged_write(self):
        self.create_event(self.a, "kill-2027")
        codes = self.member_states()[:80]
        acknowledged = []

        def write():
            for i, code in enumerate(codes):
                server = self.a if i % 2 == 0 else self.b
                try:
                    self.client(server).register("kill-2027", code, "kill-" + code)
                    acknowledged.append(code)
                except grpc.RpcError:
                    pass  # A is gone: not acknowledged, so no promise was made

        writer = threading.Thread(target=write)
        writer.start()
        while len(acknowledged) < 20:
            time.sleep(0.01)
        self.a.stop(signal.SIGKILL)
        writer.join(timeout=120)
        self.assertGreater(len(acknowledged), 40, "B went on taking writes")
        stored = set(self.delegations(self.b, "kill-2027"))
        self.assertTrue(set(acknowledged) <= stored,
                        "lost: %s" % sorted(set(acknowledged) - stored))
        self.a.start()
        self.assertEqual(sorted(self.delegations(self.a, "kill-2027")), sorted(stored))

    def test_4_a_restart_of_postgresql_is_recovered_from(self):
        self.create_event(self.b, "restart-2027")
        codes = self.member_states()[:120]
        acknowledged = []
        stop = threading.Event()

        def write():
            for code in codes:
                if stop.is_set():
                    return
                try:
                    self.client(self.b).register("restart-2027", code, "restart-" + code)
                    acknowledged.append(code)
                except grpc.RpcError:
                    time.sleep(0.1)

        writer = threading.Thread(target=write)
        writer.start()
        while len(acknowledged) < 10:
            time.sleep(0.01)
        subprocess.run(["bash", POSTGRES_SH, "stop", self.pg_dir], env=self.pg_env, check=True)
        deadline = time.time() + 10
        while time.time() < deadline and health(self.b.address()) != 2:
            time.sleep(0.1)
        self.assertEqual(health(self.b.address()), 2, "NOT_SERVING while PostgreSQL is down")
        subprocess.run(["bash", POSTGRES_SH, "start", self.pg_dir, self.pg_port], env=self.pg_env,
                       check=True, capture_output=True)
        deadline = time.time() + 20
        while time.time() < deadline and health(self.b.address()) != 1:
            time.sleep(0.1)
        self.assertEqual(health(self.b.address()), 1, "SERVING again once PostgreSQL is back")
        writer.join(timeout=180)
        stop.set()
        stored = set(self.delegations(self.b, "restart-2027"))
        self.assertTrue(set(acknowledged) <= stored,
                        "lost: %s" % sorted(set(acknowledged) - stored))
        # And the replica writes again, as it did before.
        self.create_event(self.b, "after-2027")
        self.client(self.b).register("after-2027", "mex", "after-mex")
        self.assertEqual(self.delegations(self.a, "after-2027"), ["mex"])

    def test_5_a_tokens_rate_holds_across_replicas(self):
        """Two more replicas with a low read rate: a token's reads spread over both are admitted
        no more than its burst and rate allow in all (the buckets are the database's)."""
        from forum.v1 import event_pb2
        limited = []
        try:
            for name in ("c", "d"):
                workdir = os.path.join(self.tmp.name, name)
                os.makedirs(workdir)
                server = Server(workdir, extra=["--read-rate", "2", "--read-burst", "20",
                                                "--db-pool", "2"])
                server.db = self.uri
                server.token_file = self.a.token_file
                server.start()
                limited.append(server)
            start = time.time()
            admitted = 0
            for i in range(60):
                try:
                    self.client(limited[i % 2]).call(
                        "/forum.v1.EventService/GetEvent",
                        event_pb2.GetEventRequest(name="events/hld-2006"), event_pb2.Event)
                    admitted += 1
                except grpc.RpcError as e:
                    self.assertEqual(e.code(), grpc.StatusCode.RESOURCE_EXHAUSTED, e.details())
            elapsed = time.time() - start
            self.assertGreaterEqual(admitted, 20)
            self.assertLessEqual(admitted, 20 + int(2 * elapsed) + 1,
                                 "%d reads in %.1f s: each replica kept a bucket of its own"
                                 % (admitted, elapsed))
        finally:
            for server in limited:
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
    unittest.main(argv=[sys.argv[0], "-v"] + rest)


if __name__ == "__main__":
    main()
