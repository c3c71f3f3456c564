#!/usr/bin/env python3
"""End-to-end test of the change feed with the real binaries.

An independent Python grpcio client follows an event's feed while another registers delegations;
forumd is killed with SIGKILL in the middle and started again on the same port. The follower
resumes from the revision after the last one it saw and must end with every revision exactly
once, in order and without gaps, and every acknowledged registration among them. Then forumctl:
`watch` as JSON lines, `speakers board` on a pipe, and a revoked token ending a watch.
"""
import argparse
import json
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

ARGS = None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Follower(threading.Thread):
    """Follows an event's feed from `start`, reconnecting after failures, as a client would."""

    def __init__(self, address, token, event, start):
        super().__init__(daemon=True)
        self.address, self.token, self.event = address, token, event
        self.next = start
        self.changes = []  # (revision, name, type)
        self.reconnects = 0
        self.stop = threading.Event()
        self.lock = threading.Lock()

    def run(self):
        from forum.v1 import watch_pb2
        while not self.stop.is_set():
            channel = grpc.insecure_channel(self.address)
            watch = channel.unary_stream(
                "/forum.v1.WatchService/WatchEvent",
                request_serializer=lambda m: m.SerializeToString(),
                response_deserializer=watch_pb2.WatchEventResponse.FromString)
            try:
                stream = watch(watch_pb2.WatchEventRequest(event=self.event,
                                                           start_revision=self.next),
                               metadata=(("authorization", "Bearer " + self.token),))
                for message in stream:
                    with self.lock:
                        for c in message.changes:
                            self.changes.append((c.revision, c.name, c.type))
                        if message.kind != watch_pb2.WatchEventResponse.KIND_SNAPSHOT:
                            self.next = message.revision + 1
                    if self.stop.is_set():
                        stream.cancel()
                        break
            except grpc.RpcError:
                self.reconnects += 1
                time.sleep(0.2)
            finally:
                channel.close()

    def names(self):
        with self.lock:
            return [name for _, name, _ in self.changes]


class Feed(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.port = free_port()
        cls.server = Server(cls.tmp.name, extra=["--write-rate", "0", "--watch-heartbeat", "1"],
                            listen="127.0.0.1:%d" % cls.port)
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.tmp.cleanup()

    def create_event(self, event_id):
        ctl(self.server, "events", "create", event_id, "--title", "Consultation", "--kind",
            "consultation", "--venue", "Geneva", "--time-zone", "Europe/Zurich", "--start",
            "2027-05-10", "--end", "2027-05-11", "--follows-up", "gfmd-2007", "--state",
            "open-for-registration")

    def test_1_every_revision_once_across_sigkill(self):
        from forum.v1 import entity_pb2, watch_pb2
        self.create_event("feed-2027")
        client = Client(self.server.address(), self.server.admin_token())
        codes = [e.name.split("/")[1] for e in client.call(
            "/forum.v1.EntityService/ListEntities",
            entity_pb2.ListEntitiesRequest(page_size=1000),
            entity_pb2.ListEntitiesResponse).entities
            if e.kind == entity_pb2.ENTITY_KIND_MEMBER_STATE]
        self.assertGreater(len(codes), 150)
        follower = Follower(self.server.address(), self.server.admin_token(), "events/feed-2027",
                            start=1)
        follower.start()
        acknowledged = []
        killed = threading.Event()

        def write():
            for i, code in enumerate(codes):
                if i == 60:
                    killed.wait(timeout=30)
                try:
                    client.register("feed-2027", code, "feed-%s" % code)
                    acknowledged.append(code)
                except grpc.RpcError:
                    time.sleep(0.05)

        writer = threading.Thread(target=write)
        writer.start()
        while len(acknowledged) < 40:
            time.sleep(0.01)
        self.server.stop(signal.SIGKILL)
        self.server.start()
        self.assertEqual(self.server.port, self.port)
        killed.set()
        writer.join(timeout=120)
        expected = ["events/feed-2027/delegations/" + c for c in acknowledged]
        deadline = time.time() + 60
        while time.time() < deadline and not set(expected) <= set(follower.names()):
            time.sleep(0.1)
        follower.stop.set()
        follower.join(timeout=10)
        self.assertGreater(follower.reconnects, 0, "the follower saw the server go away")
        with follower.lock:
            revisions = [r for r, _, _ in follower.changes]
            names = [n for _, n, _ in follower.changes]
            types = {n: t for _, n, t in follower.changes}
        self.assertEqual(revisions, sorted(set(revisions)), "each revision once, in order")
        self.assertEqual(revisions, list(range(revisions[0], revisions[0] + len(revisions))),
                         "no gaps")
        for name in expected:
            self.assertEqual(names.count(name), 1, name)
            self.assertEqual(types[name], watch_pb2.CHANGE_TYPE_CREATED)

    def test_2_forumctl_watch_and_board(self):
        self.create_event("board-2027")
        watch = subprocess.Popen(
            [ARGS.forumctl, "--server", self.server.address(), "-o", "json", "watch",
             "board-2027", "--prefix", "delegations/", "--max-changes", "2"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=self.server.env())
        board = subprocess.Popen(
            [ARGS.forumctl, "--server", self.server.address(), "speakers", "board", "board-2027",
             "--max-updates", "2"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=self.server.env())
        time.sleep(1.5)  # both have their snapshot
        for code in ("mex", "ken"):
            ctl(self.server, "delegations", "register", "board-2027", code, "--head",
                "Head of " + code, "--rank", "minister")
        ctl(self.server, "speakers", "inscribe", "board-2027", "mex", "--level", "minister",
            "--name", "Ana Torres")
        out, err = watch.communicate(timeout=30)
        self.assertEqual(watch.returncode, 0, err)
        lines = [json.loads(line) for line in out.splitlines()]
        self.assertEqual([c["name"] for c in lines], ["events/board-2027/delegations/mex",
                                                      "events/board-2027/delegations/ken"])
        self.assertEqual(lines[0]["type"], "CHANGE_TYPE_CREATED")
        self.assertEqual(lines[0]["resource"]["@type"], "type.googleapis.com/forum.v1.Delegation")
        self.assertLess(int(lines[0]["revision"]), int(lines[1]["revision"]))
        out, err = board.communicate(timeout=30)
        self.assertEqual(board.returncode, 0, err)
        frames = out.split("---\n")
        self.assertIn("Nobody has the floor.", frames[0])
        self.assertIn("Ana Torres", frames[1], "the inscription reached the board")

    def test_3_a_revoked_token_ends_forumctl_watch(self):
        self.create_event("revoke-2027")
        created = json.loads(ctl(self.server, "-o", "json", "tokens", "create", "--name",
                                 "Observer", "--role", "reader").stdout)
        env = self.server.env(FORUM_TOKEN=created["secret"])
        self.assertTrue(created["token"]["name"].startswith("tokens/"))
        watch = subprocess.Popen([ARGS.forumctl, "--server", self.server.address(), "watch",
                                  "revoke-2027"],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 env=env)
        time.sleep(1.5)
        ctl(self.server, "tokens", "revoke", created["token"]["name"].split("/")[1])
        out, err = watch.communicate(timeout=30)
        self.assertNotEqual(watch.returncode, 0)
        self.assertIn("UNAUTHENTICATED", err)


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
