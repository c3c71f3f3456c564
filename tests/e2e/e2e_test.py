#!/usr/bin/env python3
"""End-to-end test of the real binaries.

Starts forumd on a fresh database, drives it with forumctl and with an independent Python grpcio
client built from the same .proto files, kills it with SIGKILL in the middle of a burst of
registrations, restarts it, and checks that every acknowledged registration is there, that
retries with the same request ids register nothing twice, and that the database is intact.
"""
import argparse
import filecmp
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import uuid

import grpc

ARGS = None


def load_protos(path):
    sys.path.insert(0, path)
    global access_pb2, delegation_pb2, document_pb2, entity_pb2, event_pb2, errors_pb2
    from forum.v1 import (access_pb2, delegation_pb2, document_pb2, entity_pb2,  # noqa: F401
                          errors_pb2, event_pb2)


class Server:
    """One forumd process on a database file in `workdir`."""

    def __init__(self, workdir, extra=(), db_flag=True, log_format="json", wrapper=(),
                 listen="127.0.0.1:0"):
        self.workdir = workdir
        self.listen = listen
        self.extra = list(extra)  # more forumd arguments: TLS, a config file
        self.db_flag = db_flag    # False when a config file names the database
        self.log_format = log_format
        self.wrapper = list(wrapper)  # a command that runs forumd, e.g. prlimit with its limits
        self.env_extra = {}  # more environment for forumd
        self.db = os.path.join(workdir, "forum.db")
        # forumd writes its first admin token here; forumctl finds it through the same variable.
        self.token_file = os.path.join(workdir, "token")
        self.proc = None
        self.port = None
        self.http_port = None  # the HTTP (Connect) port, when forumd serves one

    def start(self):
        port_file = os.path.join(self.workdir, "port")
        if os.path.exists(port_file):
            os.remove(port_file)
        self.log = open(os.path.join(self.workdir, "forumd.log"), "ab")
        http_port_file = os.path.join(self.workdir, "http-port")
        if os.path.exists(http_port_file):
            os.remove(http_port_file)
        args = self.wrapper + [ARGS.forumd, "--listen", self.listen, "--port-file", port_file,
                               "--log-format", self.log_format]
        if not any(a == "--http-listen" for a in self.extra):
            args += ["--http-listen", "127.0.0.1:0", "--http-port-file", http_port_file]
        args += (["--db", self.db] if self.db_flag else []) + self.extra
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=self.log,
                                     env=self.env(**self.env_extra))
        deadline = time.time() + 30
        while time.time() < deadline:
            if os.path.exists(port_file):
                text = open(port_file).read().strip()
                if text:
                    self.port = int(text)
                    if os.path.exists(http_port_file):
                        self.http_port = int(open(http_port_file).read().strip())
                    return
            if self.proc.poll() is not None:
                raise RuntimeError("forumd exited early: " + self.read_log())
            time.sleep(0.05)
        raise RuntimeError("forumd did not start")

    def address(self, host="127.0.0.1"):
        return "%s:%d" % (host, self.port)

    def env(self, **extra):
        return dict(os.environ, FORUM_TOKEN_FILE=self.token_file, **extra)

    def admin_token(self):
        with open(self.token_file) as f:
            return f.read().strip()

    def stop(self, sig=signal.SIGTERM):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                code = self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                raise RuntimeError("forumd did not stop within 30 s; its log ends:\n" +
                                   self.read_log()[-3000:])
            self.log.close()
            return code
        return None

    def read_log(self):
        with open(os.path.join(self.workdir, "forumd.log"), "rb") as f:
            return f.read().decode("utf-8", "replace")


def npm_ci(source, target, files=("package.json", "package-lock.json")):
    """Copies an npm project's `files` from `source` to `target` and installs its pinned
    packages there, again only when the lock file has changed."""
    os.makedirs(target, exist_ok=True)
    lock = os.path.join(target, "package-lock.json")
    installed = os.path.join(target, "node_modules", ".package-lock.json")
    fresh = not os.path.exists(lock) or not filecmp.cmp(lock, os.path.join(source,
                                                                          "package-lock.json"))
    for name in files:
        shutil.copyfile(os.path.join(source, name), os.path.join(target, name))
    if fresh or not os.path.exists(installed):
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=target,
                       check=True, timeout=600)


def ctl(server, *args, expect_ok=True, env=None):
    result = subprocess.run([ARGS.forumctl, "--server", server.address()] + list(args),
                            capture_output=True, text=True, timeout=60,
                            env=server.env(**(env or {})))
    if expect_ok and result.returncode != 0:
        raise AssertionError("forumctl %s failed: %s" % (" ".join(args), result.stderr))
    return result


class Client:
    """A grpcio client that calls methods by their full names, with generated messages."""

    def __init__(self, address, token):
        self.channel = grpc.insecure_channel(address)
        self.metadata = (("authorization", "Bearer " + token),) if token else ()

    def call(self, method, request, response_type, timeout=10):
        rpc = self.channel.unary_unary(method, request_serializer=lambda m: m.SerializeToString(),
                                       response_deserializer=response_type.FromString)
        return rpc(request, timeout=timeout, metadata=self.metadata)

    def raw(self, method, payload, timeout=10):
        rpc = self.channel.unary_unary(method)
        return rpc(payload, timeout=timeout, metadata=self.metadata)

    def register(self, event, code, request_id):
        request = delegation_pb2.RegisterDelegationRequest(
            parent="events/" + event, request_id=request_id,
            delegation=delegation_pb2.Delegation(
                entity="entities/" + code,
                head=delegation_pb2.Person(full_name="Head of " + code,
                                           rank=delegation_pb2.PROTOCOL_RANK_MINISTER)))
        return self.call("/forum.v1.DelegationService/RegisterDelegation", request,
                         delegation_pb2.Delegation)


def error_details(error):
    """The forum.v1.ErrorStatus in a failed call's trailing metadata."""
    for key, value in error.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            status = errors_pb2.ErrorStatus.FromString(value)
            fields = []
            for any_ in status.details:
                bad = errors_pb2.BadRequest()
                if any_.Unpack(bad):
                    fields += [v.field for v in bad.field_violations]
            return status, fields
    return None, []


class EndToEnd(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        # The burst of registrations below is about durability, not rates: no write limit here
        # (hostile_test.py checks the default limits).
        cls.server = Server(cls.tmp.name, extra=["--write-rate", "0"])
        cls.server.start()
        cls.client = Client(cls.server.address(), cls.server.admin_token())

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.tmp.cleanup()

    def test_1_forumctl_shows_the_reference_dialogue(self):
        out = ctl(self.server, "events", "list").stdout
        self.assertIn("hld-2006", out)
        self.assertIn("gfmd-2007", out)
        event = json.loads(ctl(self.server, "-o", "json", "events", "get", "hld-2006").stdout)
        self.assertEqual(event["outcome_documents"][0]["symbol"], "A/61/515")
        self.assertEqual(event["state"], "EVENT_STATE_CONCLUDED")
        sessions = json.loads(ctl(self.server, "-o", "json", "sessions", "list", "hld-2006").stdout)
        self.assertEqual(len(sessions["sessions"]), 6)

    def test_2_forumctl_registers_a_delegation(self):
        ctl(self.server, "events", "create", "consult-2027", "--title", "Consultation",
            "--kind", "consultation", "--venue", "Geneva", "--time-zone", "Europe/Zurich",
            "--start", "2027-05-10", "--end", "2027-05-11", "--follows-up", "gfmd-2007")
        refused = ctl(self.server, "delegations", "register", "consult-2027", "bel", "--head", "A",
                      "--rank", "minister", expect_ok=False)
        self.assertNotEqual(refused.returncode, 0)
        self.assertIn("FAILED_PRECONDITION", refused.stderr)
        ctl(self.server, "events", "update", "consult-2027", "--state", "open-for-registration")
        ctl(self.server, "delegations", "register", "consult-2027", "bel", "--head",
            "Régine De Clercq", "--rank", "permanent-representative")
        again = ctl(self.server, "delegations", "register", "consult-2027", "bel", "--head", "B",
                    "--rank", "minister", expect_ok=False)
        self.assertNotEqual(again.returncode, 0)
        self.assertIn("ALREADY_EXISTS", again.stderr)
        listed = json.loads(ctl(self.server, "-o", "json", "delegations", "list",
                                "consult-2027").stdout)
        self.assertEqual(listed["delegations"][0]["head"]["full_name"], "Régine De Clercq")
        ctl(self.server, "delegations", "accredit", "consult-2027", "bel")
        got = json.loads(ctl(self.server, "-o", "json", "delegations", "get", "consult-2027",
                             "bel").stdout)
        self.assertEqual(got["state"], "DELEGATION_STATE_ACCREDITED")
        bad_rank = ctl(self.server, "delegations", "register", "consult-2027", "fra", "--head", "C",
                       "--rank", "emperor", expect_ok=False)
        self.assertNotEqual(bad_rank.returncode, 0)

    def test_3_python_client_reads_and_gets_field_violations(self):
        entity = self.client.call("/forum.v1.EntityService/GetEntity",
                                  entity_pb2.GetEntityRequest(name="entities/ssd"),
                                  entity_pb2.Entity)
        self.assertEqual(entity.admission_date, "2011-07-14")
        request = delegation_pb2.RegisterDelegationRequest(
            parent="events/consult-2027",
            delegation=delegation_pb2.Delegation(entity="entities/deu"))
        with self.assertRaises(grpc.RpcError) as caught:
            self.client.call("/forum.v1.DelegationService/RegisterDelegation", request,
                             delegation_pb2.Delegation)
        self.assertEqual(caught.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
        status, fields = error_details(caught.exception)
        self.assertEqual(status.code, grpc.StatusCode.INVALID_ARGUMENT.value[0])
        self.assertEqual(fields, ["delegation.head.full_name", "delegation.head.rank"])

    def test_4_health_and_reflection_answer(self):
        # grpc.health.v1.HealthCheckResponse{status: SERVING} is the two bytes 08 01.
        self.assertEqual(self.client.raw("/grpc.health.v1.Health/Check", b""), b"\x08\x01")
        stream = self.client.channel.stream_stream(
            "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo")
        # ServerReflectionRequest{list_services: ""}: field 7, length 0.
        answer = b"".join(stream(iter([b"\x3a\x00"]), timeout=10))
        self.assertIn(b"forum.v1.DelegationService", answer)

    def test_5_no_acknowledged_registration_is_lost_on_sigkill(self):
        # Sixteen writers register into two events at once, so the server group-commits their
        # registrations; SIGKILL comes in the middle of the burst.
        events = ["burst-2027", "burst-2028"]
        for event in events:
            ctl(self.server, "events", "create", event, "--title", "Burst", "--kind",
                "conference", "--venue", "Geneva", "--time-zone", "Europe/Zurich", "--start",
                "2027-06-01", "--end", "2027-06-02", "--state", "open-for-registration")
        listed = self.client.call(
            "/forum.v1.EntityService/ListEntities",
            entity_pb2.ListEntitiesRequest(filter="kind = MEMBER_STATE", page_size=1000),
            entity_pb2.ListEntitiesResponse)
        codes = [e.name.split("/")[1] for e in listed.entities]
        self.assertEqual(len(codes), 193)
        work = [(event, code) for code in codes for event in events]
        request_ids = {item: str(uuid.uuid4()) for item in work}
        acknowledged, lock = [], threading.Lock()
        enough = threading.Event()

        def worker(part):
            client = Client(self.server.address(), self.server.admin_token())
            for event, code in part:
                try:
                    client.register(event, code, request_ids[(event, code)])
                except grpc.RpcError:
                    return
                with lock:
                    acknowledged.append((event, code))
                    if len(acknowledged) >= 60:
                        enough.set()

        threads = [threading.Thread(target=worker, args=(work[i::16],)) for i in range(16)]
        for t in threads:
            t.start()
        self.assertTrue(enough.wait(timeout=60), "the burst never got going")
        self.server.stop(signal.SIGKILL)
        for t in threads:
            t.join(timeout=60)
        killed_with = len(acknowledged)
        self.assertLess(killed_with, len(work), "the kill came after the burst ended")

        db = sqlite3.connect(self.server.db)
        self.assertEqual(db.execute("PRAGMA integrity_check").fetchone()[0], "ok")
        db.close()

        self.server.start()
        type(self).client = Client(self.server.address(), self.server.admin_token())
        for event, code in acknowledged:
            got = self.client.call(
                "/forum.v1.DelegationService/GetDelegation",
                delegation_pb2.GetDelegationRequest(
                    name="events/%s/delegations/%s" % (event, code)),
                delegation_pb2.Delegation)
            self.assertEqual(got.entity, "entities/" + code)
        # Retrying every request of the first event with its id registers each State exactly
        # once (the second event's retries would pass the token's burst of 200 writes).
        for code in codes:
            self.client.register(events[0], code, request_ids[(events[0], code)])
        listed = self.client.call(
            "/forum.v1.DelegationService/ListDelegations",
            delegation_pb2.ListDelegationsRequest(parent="events/" + events[0], page_size=1000),
            delegation_pb2.ListDelegationsResponse)
        self.assertEqual(listed.total_size, 193)
        print("\n  killed after %d acknowledged registrations by 16 writers; all found after "
              "restart" % killed_with)

    def test_6_restart_does_not_seed_again_and_sigterm_is_clean(self):
        events = self.client.call("/forum.v1.EventService/ListEvents",
                                  event_pb2.ListEventsRequest(page_size=1000),
                                  event_pb2.ListEventsResponse)
        self.assertEqual(len(events.events), 16 + 3)
        self.assertEqual(self.server.stop(signal.SIGTERM), 0)
        log = self.server.read_log()
        self.assertIn("stopped cleanly", log)
        lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
        calls = [l for l in lines if l["msg"].startswith("rpc method=")]
        self.assertTrue(any("code=ALREADY_EXISTS" in c["msg"] for c in calls))
        self.assertTrue(all("latency_us=" in c["msg"] for c in calls))
        self.server.start()
        type(self).client = Client(self.server.address(), self.server.admin_token())


class RoundTables(unittest.TestCase):
    """Round tables through forumctl, with the iCalendar export read by an independent parser."""

    def test_schedule_allocate_and_export(self):
        import datetime
        import icalendar
        with tempfile.TemporaryDirectory() as tmp:
            server = Server(tmp)
            server.start()
            try:
                ctl(server, "events", "create", "rt-2027", "--title", "Round tables", "--kind",
                    "global-forum", "--venue", "Geneva", "--time-zone", "Europe/Zurich",
                    "--start", "2027-05-10", "--end", "2027-05-11", "--state",
                    "open-for-registration")
                ctl(server, "rooms", "create", "rt-2027", "hall", "--name", "Salle XIX",
                    "--capacity", "300")
                for n in ("1", "2"):
                    ctl(server, "roundtables", "create", "rt-2027", "--number", n, "--title",
                        "Round table " + n, "--capacity", "3", "--reserved", "1")
                ctl(server, "roundtables", "schedule", "rt-2027", "round-table-1", "--start",
                    "2027-05-10T10:00", "--end", "2027-05-10T12:30", "--room", "hall")
                clash = ctl(server, "roundtables", "schedule", "rt-2027", "round-table-2",
                            "--start", "2027-05-10T12:00", "--end", "2027-05-10T13:00", "--room",
                            "hall", expect_ok=False)
                self.assertNotEqual(clash.returncode, 0)
                self.assertIn("ROOM_BUSY", clash.stderr)
                ctl(server, "roundtables", "schedule", "rt-2027", "round-table-2", "--start",
                    "2027-05-11T10:00", "--end", "2027-05-11T12:00", "--room", "hall")
                for code in ("bel", "sen", "chl"):
                    ctl(server, "delegations", "register", "rt-2027", code, "--head", "Head",
                        "--rank", "minister")
                    ctl(server, "delegations", "accredit", "rt-2027", code)
                    ctl(server, "roundtables", "prefer", "rt-2027", code, "round-table-1",
                        "round-table-2")
                plan = ctl(server, "roundtables", "allocate", "rt-2027", "--dry-run").stdout
                self.assertIn("dry run", plan)
                report = json.loads(ctl(server, "-o", "json", "roundtables", "allocate",
                                        "rt-2027").stdout)
                self.assertEqual(report["placed"], 3)
                self.assertEqual(report["total_rank"], 4)  # two first choices, one second
                seated = json.loads(ctl(server, "-o", "json", "roundtables", "participants",
                                        "list", "rt-2027", "round-table-2").stdout)
                self.assertEqual(len(seated["participants"]), 1)
                self.assertEqual(ctl(server, "roundtables", "conflicts", "rt-2027").stdout,
                                 "no conflicts\n")

                published = ctl(server, "schedule", "release", "rt-2027", "1.0", "--comment",
                                "First programme").stdout
                self.assertIn("events/rt-2027/scheduleReleases/1", published)
                releases = json.loads(ctl(server, "-o", "json", "schedule", "releases",
                                          "rt-2027").stdout)
                self.assertEqual([r["version"] for r in releases["releases"]], ["1.0"])
                ics = ctl(server, "roundtables", "export", "rt-2027").stdout
                calendar = icalendar.Calendar.from_ical(ics)
                events = [c for c in calendar.walk("VEVENT")]
                self.assertEqual(len(events), 2)
                first = min(events, key=lambda e: e.decoded("DTSTART"))
                start = first.decoded("DTSTART")
                self.assertEqual(str(first.get("SUMMARY")), "Round table 1")
                self.assertEqual(start.astimezone(datetime.timezone.utc),
                                 datetime.datetime(2027, 5, 10, 8, 0,
                                                   tzinfo=datetime.timezone.utc))
                self.assertEqual(start.utcoffset(), datetime.timedelta(hours=2))
                own = icalendar.Calendar.from_ical(
                    ctl(server, "roundtables", "export", "rt-2027", "--delegation",
                        seated["participants"][0]["delegation"].split("/")[-1]).stdout)
                self.assertEqual([str(e.get("SUMMARY")) for e in own.walk("VEVENT")],
                                 ["Round table 2"])
                frab = json.loads(ctl(server, "roundtables", "export", "rt-2027", "--format",
                                      "frab").stdout)
                days = frab["schedule"]["conference"]["days"]
                self.assertEqual(len(days), 2)
                self.assertEqual(days[1]["rooms"]["Salle XIX"][0]["start"], "10:00")
                # The XML, checked by xmllint against the structure the format documents.
                xml = ctl(server, "roundtables", "export", "rt-2027", "--format",
                          "frab-xml").stdout
                schema = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                      "domain", "frab_schedule_subset.xsd")
                lint = subprocess.run(["xmllint", "--noout", "--schema", schema, "-"],
                                      input=xml, capture_output=True, text=True)
                self.assertEqual(lint.returncode, 0, lint.stderr)
                self.assertEqual(ctl(server, "schedule", "diff", "rt-2027", "1").stdout,
                                 "no changes\n")
            finally:
                server.stop()


class Speakers(unittest.TestCase):
    """A plenary list through forumctl, from inscription to the record, and a focal point's
    token kept to its own delegation."""

    def test_plenary_list_from_inscription_to_the_record(self):
        with tempfile.TemporaryDirectory() as tmp:
            server = Server(tmp)
            server.start()
            try:
                ctl(server, "events", "create", "sp-2027", "--title", "Plenary", "--kind",
                    "global-forum", "--venue", "Geneva", "--time-zone", "Europe/Zurich",
                    "--start", "2027-05-10", "--end", "2027-05-11", "--state",
                    "open-for-registration")
                ctl(server, "sessions", "create", "sp-2027", "--number", "1", "--start",
                    "2027-05-10T10:00", "--end", "2027-05-10T10:15")
                ctl(server, "sessions", "create", "sp-2027", "--number", "2", "--start",
                    "2027-05-10T15:00", "--end", "2027-05-10T18:00")
                for code, level in (("bel", "permanent-representative"), ("sen", "minister"),
                                    ("fra", "head-of-state"), ("mex", "minister")):
                    ctl(server, "delegations", "register", "sp-2027", code, "--head", "Head",
                        "--rank", "minister")
                    ctl(server, "speakers", "inscribe", "sp-2027", code, "--level", level)
                order = json.loads(ctl(server, "-o", "json", "speakers", "list",
                                       "sp-2027").stdout)
                self.assertEqual([s["name"].split("/")[-1] for s in order["speakers"]],
                                 ["fra", "sen", "mex", "bel"])
                # Three five-minute statements fit the first meeting; the fourth goes on.
                ctl(server, "speakers", "distribute", "sp-2027")
                first = json.loads(ctl(server, "-o", "json", "speakers", "list", "sp-2027",
                                       "--meeting", "meeting-1").stdout)
                self.assertEqual(len(first["speakers"]), 3)

                focal = ctl(server, "tokens", "create", "--name", "Senegal", "--role",
                            "focal-point=events/sp-2027/delegations/sen").stdout
                secret = re.search(r"forum_[A-Za-z0-9_-]+", focal).group(0)
                denied = ctl(server, "speakers", "withdraw", "sp-2027", "bel",
                             env={"FORUM_TOKEN": secret}, expect_ok=False)
                self.assertIn("PERMISSION_DENIED", denied.stderr)
                ctl(server, "speakers", "reply", "sp-2027", "sen", env={"FORUM_TOKEN": secret},
                    expect_ok=False)  # no meeting under way yet: refused
                ctl(server, "speakers", "next", "sp-2027", "--meeting", "meeting-1")
                ctl(server, "speakers", "reply", "sp-2027", "sen", env={"FORUM_TOKEN": secret})
                for _ in range(5):
                    ctl(server, "speakers", "next", "sp-2027")
                floor = ctl(server, "speakers", "floor", "sp-2027").stdout
                self.assertIn("Nobody has the floor", floor)
                record = ctl(server, "speakers", "record", "sp-2027").stdout
                self.assertIn("right of reply 1", record)
                self.assertIn("3 Governments spoke, 1 of them at the level of head of State "
                              "or Government", record)

                # The rolling list by meeting, and the record as Akoma Ntoso that xmllint
                # validates against the schema's structure.
                rolling = ctl(server, "speakers", "export", "sp-2027", "--format",
                              "markdown").stdout
                self.assertIn("# List of speakers: Plenary", rolling)
                self.assertLess(rolling.index("| 1 | France"), rolling.index("| 4 | Belgium"))
                one = ctl(server, "speakers", "export", "sp-2027", "--meeting", "meeting-2",
                          "--format", "text").stdout
                self.assertIn("4.  Belgium", one)
                self.assertNotIn("France", one)
                xml = os.path.join(tmp, "record.xml")
                ctl(server, "speakers", "export", "sp-2027", "--format", "akn", "--file", xml)
                schema = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                      "domain", "akn_debate_subset.xsd")
                checked = subprocess.run(["xmllint", "--noout", "--schema", schema, xml],
                                         capture_output=True, text=True, timeout=60)
                self.assertEqual(checked.returncode, 0, checked.stderr)
                with open(xml, encoding="utf-8") as f:
                    self.assertEqual(f.read().count("<speech "), 4)  # three statements, a reply
                # A chair's summary paragraph cites France's statement.
                ctl(server, "documents", "create", "sp-2027", "chair-summary", "--title",
                    "Chair's summary")
                ctl(server, "documents", "add-section", "sp-2027", "chair-summary", "--title",
                    "General debate")
                ctl(server, "documents", "add-paragraph", "sp-2027", "chair-summary",
                    "--section", "1", "--text", "France opened the general debate.", "--cite",
                    "events/sp-2027/speakerLists/plenary/statements/1")
                missing = ctl(server, "documents", "add-paragraph", "sp-2027", "chair-summary",
                              "--section", "1", "--text", "Nobody said this.", "--cite",
                              "events/sp-2027/speakerLists/plenary/statements/99",
                              expect_ok=False)
                self.assertIn("NOT_FOUND", missing.stderr)
            finally:
                server.stop()


class Documents(unittest.TestCase):
    """Drafting through forumctl, including `edit` with a scripted $EDITOR and a conflict."""

    def test_edit_round_trip_and_conflict(self):
        with tempfile.TemporaryDirectory() as tmp:
            server = Server(tmp)
            server.start()
            try:
                ctl(server, "events", "create", "doc-2027", "--title", "Consultation", "--kind",
                    "consultation", "--venue", "Geneva", "--time-zone", "Europe/Zurich",
                    "--start", "2027-05-10", "--end", "2027-05-11")
                ctl(server, "documents", "create", "doc-2027", "chair-summary", "--title",
                    "Chair's summary")
                ctl(server, "documents", "add-section", "doc-2027", "chair-summary", "--title",
                    "Opening")
                ctl(server, "documents", "add-paragraph", "doc-2027", "chair-summary",
                    "--section", "1", "--text", "The Chair opened the meeting.")
                env = server.env(EDITOR="sed -i s/opened/declared-open/")
                result = subprocess.run(
                    [ARGS.forumctl, "--server", server.address(), "documents", "edit", "doc-2027",
                     "chair-summary", "--author", "drafter A"],
                    capture_output=True, text=True, timeout=60, env=env)
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertIn("1 change(s) sent", result.stdout)
                shown = ctl(server, "documents", "show", "doc-2027", "chair-summary").stdout
                self.assertIn("The Chair declared-open the meeting.", shown)

                # While A edits, B changes the same paragraph: A's change is refused, kept.
                script = os.path.join(tmp, "editor.sh")
                with open(script, "w") as f:
                    f.write("#!/bin/sh\n"
                            "EDITOR='sed -i s/meeting/session/' '%s' --server '%s' documents edit "
                            "doc-2027 chair-summary --author 'drafter B' >/dev/null\n"
                            "sleep 1\n"  # a drafter takes longer than the feed does
                            "sed -i s/declared-open/opened/ \"$1\"\n" %
                            (ARGS.forumctl, server.address()))
                os.chmod(script, 0o755)
                env = server.env(EDITOR=script, TMPDIR=tmp)
                result = subprocess.run(
                    [ARGS.forumctl, "--server", server.address(), "documents", "edit", "doc-2027",
                     "chair-summary", "--author", "drafter A"],
                    capture_output=True, text=True, timeout=60, env=env)
                self.assertNotEqual(result.returncode, 0)
                # Warned before sending, from the change feed A's editor session followed.
                self.assertRegex(result.stderr,
                                 r"warning: events/doc-2027/documents/chair-summary/paragraphs/"
                                 r"\d+ was changed by another drafter since you opened the file")
                self.assertIn("conflict", result.stderr)
                self.assertIn("their text: The Chair declared-open the session.", result.stderr)
                kept = [f for f in os.listdir(tmp) if f.endswith(".mine.md")]
                self.assertEqual(len(kept), 1)
                with open(os.path.join(tmp, kept[0])) as f:
                    self.assertEqual(f.read().strip(), "The Chair opened the meeting.")
                history = ctl(server, "documents", "history", "doc-2027", "chair-summary").stdout
                self.assertIn("drafter B", history)
                md = ctl(server, "documents", "export", "doc-2027", "chair-summary").stdout
                self.assertTrue(md.startswith("# Chair's summary"))
            finally:
                server.stop()


class Operations(unittest.TestCase):
    """Backups of a live database, a config file, and TLS."""

    def test_backup_while_serving(self):
        with tempfile.TemporaryDirectory() as tmp:
            server = Server(tmp)
            server.start()
            try:
                ctl(server, "events", "create", "kept-2027", "--title", "Kept", "--kind",
                    "conference", "--venue", "Geneva", "--time-zone", "Europe/Zurich",
                    "--start", "2027-06-01", "--end", "2027-06-01")
                copy = os.path.join(tmp, "copy.db")
                result = subprocess.run([ARGS.forumd, "backup", copy, "--db", server.db],
                                        capture_output=True, text=True, timeout=60)
                self.assertEqual(result.returncode, 0, result.stderr)
                db = sqlite3.connect(copy)
                self.assertEqual(db.execute("PRAGMA integrity_check").fetchone()[0], "ok")
                self.assertEqual(db.execute(
                    "SELECT count(*) FROM events WHERE event_id = 'kept-2027'").fetchone()[0], 1)
                db.close()
            finally:
                server.stop()

    def test_config_file_and_mutual_tls(self):
        with tempfile.TemporaryDirectory() as tmp:
            pki = make_pki(tmp)
            config = os.path.join(tmp, "forumd.toml")
            with open(config, "w") as f:
                f.write('db = "%s"\ntls-cert = "%s"\ntls-key = "%s"\ntls-client-ca = "%s"\n'
                        'log-level = "warn"\n' % (os.path.join(tmp, "forum.db"), pki["server"],
                                                  pki["server_key"], pki["ca"]))
            server = Server(tmp, extra=["--config", config], db_flag=False)
            server.start()
            try:
                self.assertTrue(os.path.exists(server.db), "the config file named the database")

                def forumctl(*args):
                    return subprocess.run([ARGS.forumctl, "--server", server.address("localhost"),
                                           "--timeout", "5"] + list(args) +
                                          ["events", "get", "hld-2006"],
                                          capture_output=True, text=True, timeout=60,
                                          env=server.env())

                mutual = forumctl("--tls-ca", pki["ca"], "--tls-cert", pki["client"],
                                  "--tls-key", pki["client_key"])
                self.assertEqual(mutual.returncode, 0, mutual.stderr)
                self.assertIn("A/61/515", mutual.stdout)
                # TLS without a client certificate, a certificate from another CA, plaintext:
                # all refused before any call reaches a service.
                self.assertNotEqual(forumctl("--tls-ca", pki["ca"]).returncode, 0)
                self.assertNotEqual(forumctl("--tls-ca", pki["ca"], "--tls-cert", pki["stranger"],
                                             "--tls-key", pki["stranger_key"]).returncode, 0)
                self.assertNotEqual(forumctl().returncode, 0)
            finally:
                self.assertEqual(server.stop(), 0)

    def test_tls_without_client_certificates(self):
        with tempfile.TemporaryDirectory() as tmp:
            pki = make_pki(tmp)
            server = Server(tmp, extra=["--tls-cert", pki["server"], "--tls-key",
                                        pki["server_key"]])
            server.start()
            try:
                def whoami(*args):
                    return subprocess.run([ARGS.forumctl, "--server", server.address("localhost"),
                                           "--timeout", "5"] + list(args) + ["whoami"],
                                          capture_output=True, text=True, timeout=60,
                                          env=server.env())

                secure = whoami("--tls-ca", pki["ca"])
                self.assertEqual(secure.returncode, 0, secure.stderr)
                self.assertIn("admin", secure.stdout)
                self.assertNotEqual(whoami().returncode, 0)
            finally:
                self.assertEqual(server.stop(), 0)


def make_pki(tmp):
    """A CA, a server certificate for localhost and two client certificates (one from another
    CA), generated with openssl for this test only."""
    def run(*args):
        subprocess.run(["openssl"] + list(args), check=True, capture_output=True, timeout=60)

    def path(name):
        return os.path.join(tmp, name)

    for ca in ("ca", "other-ca"):
        run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", path(ca + ".key"),
            "-out", path(ca + ".pem"), "-days", "1", "-subj", "/CN=Forum test " + ca)
    ext = path("server.ext")
    with open(ext, "w") as f:
        f.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    for name, ca, extra in (("server", "ca", ["-extfile", ext]), ("client", "ca", []),
                            ("stranger", "other-ca", [])):
        run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", path(name + ".key"),
            "-out", path(name + ".csr"), "-subj", "/CN=" + ("localhost" if name == "server"
                                                            else name))
        run("x509", "-req", "-in", path(name + ".csr"), "-CA", path(ca + ".pem"), "-CAkey",
            path(ca + ".key"), "-CAcreateserial", "-out", path(name + ".pem"), "-days", "1",
            *extra)
    return {"ca": path("ca.pem"), "server": path("server.pem"), "server_key": path("server.key"),
            "client": path("client.pem"), "client_key": path("client.key"),
            "stranger": path("stranger.pem"), "stranger_key": path("stranger.key")}


class Access(unittest.TestCase):
    """Tokens made offline and online, roles enforced, revocation, the audit trail."""

    def test_tokens_roles_revocation_and_audit(self):
        with tempfile.TemporaryDirectory() as tmp:
            server = Server(tmp)
            server.start()
            try:
                # The first start wrote an owner-only admin token where forumctl looks.
                self.assertEqual(os.stat(server.token_file).st_mode & 0o777, 0o600)
                self.assertIn(server.token_file, server.read_log())
                me = json.loads(ctl(server, "-o", "json", "whoami").stdout)
                self.assertEqual(me["bindings"][0]["role"], "ROLE_ADMIN")

                ctl(server, "events", "create", "access-2027", "--title", "Consultation",
                    "--kind", "consultation", "--venue", "Geneva", "--time-zone",
                    "Europe/Zurich", "--start", "2027-05-10", "--end", "2027-05-11")
                ctl(server, "events", "update", "access-2027", "--state",
                    "open-for-registration")
                # A focal point's token, made offline while the server runs.
                made = subprocess.run(
                    [ARGS.forumd, "tokens", "create", "--db", server.db, "--name",
                     "Focal point, Belgium", "--role",
                     "focal-point=events/access-2027/delegations/bel"],
                    capture_output=True, text=True, timeout=60)
                self.assertEqual(made.returncode, 0, made.stderr)
                secret = made.stdout.strip()
                token_id = secret.split("_")[1]
                self.assertNotIn(secret, open(server.db + "-wal", "rb").read().decode("latin-1"))

                def as_focal_point(*args):
                    return subprocess.run(
                        [ARGS.forumctl, "--server", server.address()] + list(args),
                        capture_output=True, text=True, timeout=60,
                        env=server.env(FORUM_TOKEN=secret))

                other = as_focal_point("delegations", "register", "access-2027", "fra", "--head",
                                       "A", "--rank", "minister")
                self.assertEqual(other.returncode, 1)
                self.assertIn("PERMISSION_DENIED", other.stderr)
                own = as_focal_point("delegations", "register", "access-2027", "bel", "--head",
                                     "Régine De Clercq", "--rank", "minister")
                self.assertEqual(own.returncode, 0, own.stderr)
                accredit = as_focal_point("delegations", "accredit", "access-2027", "bel")
                self.assertIn("PERMISSION_DENIED", accredit.stderr)

                # No token at all, from the independent client.
                anonymous = Client(server.address(), "")
                with self.assertRaises(grpc.RpcError) as caught:
                    anonymous.call("/forum.v1.EntityService/GetEntity",
                                   entity_pb2.GetEntityRequest(name="entities/bel"),
                                   entity_pb2.Entity)
                self.assertEqual(caught.exception.code(), grpc.StatusCode.UNAUTHENTICATED)

                # The audit trail names the focal point's token for its registration.
                audit = json.loads(ctl(server, "-o", "json", "audit", "--resource",
                                       "events/access-2027").stdout)["audit_records"]
                registration = [a for a in audit if a["method"].endswith("RegisterDelegation")]
                self.assertEqual(len(registration), 1)
                self.assertEqual(registration[0]["caller"], "tokens/" + token_id)
                self.assertEqual(registration[0]["resource"],
                                 "events/access-2027/delegations/bel")
                self.assertEqual(len([a for a in audit if a["method"].endswith("UpdateEvent")]),
                                 1)
                # Refused calls are in the log with the reason, never in the trail.
                log = server.read_log()
                self.assertIn("tokens/" + token_id, log)
                self.assertIn("PERMISSION_DENIED", log)
                self.assertNotIn(secret, log)

                # Revocation takes effect on the next call.
                revoked = subprocess.run([ARGS.forumd, "tokens", "revoke", "--db", server.db,
                                          token_id], capture_output=True, text=True, timeout=60)
                self.assertEqual(revoked.returncode, 0, revoked.stderr)
                after = as_focal_point("delegations", "get", "access-2027", "bel")
                self.assertIn("UNAUTHENTICATED", after.stderr)
                listed = ctl(server, "tokens", "list", "--all").stdout
                self.assertIn("revoked", listed)
            finally:
                server.stop()


class Paging(unittest.TestCase):
    """Answers that every default client receives, and forumctl reading them to the end."""

    DOCS = "/forum.v1.DocumentService/"

    def test_forumctl_lists_more_than_a_thousand_and_large_documents(self):
        with tempfile.TemporaryDirectory() as tmp:
            # Rates lifted: this test writes 1,005 tokens and 150 paragraphs in seconds, a bulk
            # import rather than people at work.
            server = Server(tmp, extra=["--write-rate", "0", "--read-rate", "0"])
            server.start()
            try:
                client = Client(server.address(), server.admin_token())
                for i in range(1005):
                    client.call("/forum.v1.AccessService/CreateToken", access_pb2.CreateTokenRequest(
                        token=access_pb2.Token(display_name="Reader %d" % i, bindings=[
                            access_pb2.RoleBinding(role=access_pb2.ROLE_READER)])),
                        access_pb2.CreateTokenResponse)
                # 1,005 tokens and the first admin token: more than one page of 1,000.
                listed = ctl(server, "tokens", "list")
                self.assertEqual(listed.returncode, 0, listed.stderr)
                rows = [line for line in listed.stdout.splitlines() if line.startswith("tokens/")]
                self.assertEqual(len(rows), 1006)
                self.assertNotIn("more", listed.stderr)
                as_json = json.loads(ctl(server, "-o", "json", "tokens", "list").stdout)
                self.assertEqual(len(as_json["tokens"]), 1006)
                self.assertNotIn("next_page_token", as_json)
                limited = ctl(server, "tokens", "list", "--limit", "5")
                rows = [line for line in limited.stdout.splitlines() if line.startswith("tokens/")]
                self.assertEqual(len(rows), 5)
                self.assertIn("(more: rerun without --limit or with a larger one)",
                              limited.stderr)
                exact = ctl(server, "tokens", "list", "--limit", "1006")
                self.assertNotIn("more", exact.stderr)
                self.assertEqual(len([line for line in exact.stdout.splitlines()
                                      if line.startswith("tokens/")]), 1006)

                # A document past gRPC's 4 MiB message limit: 150 paragraphs of 8,000
                # four-byte characters.
                ctl(server, "events", "create", "big-2027", "--title", "Consultation", "--kind",
                    "consultation", "--venue", "Geneva", "--time-zone", "Europe/Zurich",
                    "--start", "2027-05-10", "--end", "2027-05-11")
                ctl(server, "documents", "create", "big-2027", "summary", "--title", "Summary")
                ctl(server, "documents", "add-section", "big-2027", "summary", "--title", "One")
                section = "events/big-2027/documents/summary/sections/1"
                texts = []
                for i in range(150):
                    text = "paragraph-%03d " % i + "\U0001D11E" * 7986
                    client.call(self.DOCS + "InsertParagraph", document_pb2.InsertParagraphRequest(
                        paragraph=document_pb2.Paragraph(section=section, text=text)),
                        document_pb2.Paragraph)
                    texts.append(text)
                # A default client gets a first page instead of RESOURCE_EXHAUSTED.
                first = client.call(self.DOCS + "GetDocumentContent",
                                    document_pb2.GetDocumentContentRequest(
                                        name="events/big-2027/documents/summary"),
                                    document_pb2.DocumentContent, timeout=60)
                self.assertTrue(first.next_page_token)
                shown = ctl(server, "documents", "show", "big-2027", "summary")
                self.assertEqual(shown.returncode, 0, shown.stderr)
                for i in range(150):
                    self.assertIn("paragraph-%03d " % i, shown.stdout)
                self.assertEqual(shown.stdout.count("[1] 1. One"), 1)
                content = json.loads(ctl(server, "-o", "json", "documents", "show", "big-2027",
                                         "summary").stdout)
                self.assertEqual([p["text"] for p in content["sections"][0]["paragraphs"]], texts)
                exported = ctl(server, "documents", "export", "big-2027", "summary")
                self.assertEqual(exported.returncode, 0, exported.stderr)
                self.assertGreater(len(exported.stdout.encode()), 4 * 1024 * 1024)
                self.assertEqual(exported.stdout,
                                 "# Summary\n\nRevision: 152\n\n## 1. One\n" +
                                 "".join("\n%s\n" % t for t in texts))
                history = ctl(server, "documents", "history", "big-2027", "summary")
                self.assertEqual(len([line for line in history.stdout.splitlines()
                                      if line[:1].isdigit()]), 152)

                # A name of 10,000 characters is refused as INVALID_ARGUMENT, quoted short.
                with self.assertRaises(grpc.RpcError) as caught:
                    client.call(self.DOCS + "GetDocument", document_pb2.GetDocumentRequest(
                        name="events/big-2027/documents/" + "x" * 10000), document_pb2.Document)
                self.assertEqual(caught.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
                self.assertLess(len(caught.exception.details()), 1000)
            finally:
                server.stop()


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--forumd", required=True)
    parser.add_argument("--forumctl", required=True)
    parser.add_argument("--python-protos", required=True)
    ARGS, rest = parser.parse_known_args()
    load_protos(ARGS.python_protos)
    # Never touch the real ~/.config/forum/token: every forumd and forumctl here gets its own.
    os.environ["FORUM_TOKEN_FILE"] = os.path.join(tempfile.mkdtemp(), "token")
    unittest.main(argv=[sys.argv[0], "-v"] + rest)


if __name__ == "__main__":
    main()
