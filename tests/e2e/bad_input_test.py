#!/usr/bin/env python3
"""Bad input sent to every RPC that changes something, each answer checked for its exact code
and for having changed nothing.

The mutating methods are read from the generated descriptors (every method of every service
whose name does not start with Get, List, Export, Diff or Watch), so a new RPC cannot be
forgotten: it fails test_0 until it has a valid base request below. Each base request names a
world built through gRPC as the secretariat; test_1 proves every base request valid by sending
it once, on a fresh copy of the world of its own. test_2 then sends, on one forumd, a corpus of
mutations, each applied alone to a fresh copy of a base request:

  - an undecodable body and the empty request;
  - every string field reachable from the request (recursively, into messages and repeated
    fields, output-only ones included): 5,000 and 9,000 characters, control characters, and a
    malformed resource name where the field names a resource;
  - every enum field: an unknown number;
  - every google.protobuf.Timestamp: seconds 2**62 and the year 10000;
  - every FieldMask: an unknown path and an empty path;
  - every etag: "garbage" (INVALID_ARGUMENT) and a well-formed stale one (ABORTED).

Before and after each call it reads a fingerprint of the database (row counts of every table,
the last audit record, the sum of the row versions) with a read-only SQLite connection.

Cases that the server is known to answer wrongly are listed in KNOWN_FAILURES: they are sent
last, on worlds that no other case changed (so that a call that wrongly succeeds cannot disturb
another), reported, and do not fail the test. Anything else that answers another code, or
changes the database, fails it. `--isolate-all` sends every case that way, to see what each one
answers when KNOWN_FAILURES is brought up to date.
"""
import argparse
import glob
import importlib
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest

import grpc

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_test  # noqa: E402
from e2e_test import Client, Server  # noqa: E402

ARGS = None
M = None  # the generated modules, by short name: M.event, M.delegation, ...

READ_PREFIXES = ("Get", "List", "Export", "Diff", "Watch")
INVALID = grpc.StatusCode.INVALID_ARGUMENT
ABORTED = grpc.StatusCode.ABORTED
GARBAGE_BODY = b"\xff\xff\xff\xff\x0f"
CONTROL = "\x1b[2J\x00x"
BAD_NAME = "events/../x"
STALE_ETAG = 'W/"999999"'

# Fields that hold a resource name (a name, a parent or a reference): they also get BAD_NAME.
# `author` is one only inside a Comment ("a delegation of the event or a named person"); the
# `author` of the document requests and a document's `authors` are free labels ("Rapporteur").
NAME_FIELDS = {"name", "parent", "entity", "room", "theme", "round_table", "round_tables",
               "delegation", "co_chairs", "follows_up", "section", "paragraph", "citations",
               "source", "scope"}
NAME_FIELDS_IN = {("forum.v1.Comment", "author")}
# Free text that may legitimately hold 8,000 characters: 5,000 is a good value there (9,000
# must still be refused).
LONG_TEXT_FIELDS = {"description", "notes", "reason", "text"}

# Where the server rightly answers something other than the default expectation:
# (method, field, mutation) patterns ('*' matches anything) -> (code, why). Empty so far: every
# mutation of the corpus is malformed on its face, so no well-formed-but-unknown name (which
# would rightly be NOT_FOUND) is sent.
EXPECTED_INSTEAD = {
}

# Cases the server answers wrongly today: (method, field, mutations) -> what is wrong, where
# mutations may list alternatives, "a|b". They are sent last, each on a world that no other
# case changed, reported, and do not fail the test; the C++ fix removes the entries (the test
# lists those that pass again). Found on the debug build (ASan/UBSan) of main at 6763dbf.
# The group left is by design, not a defect: a field the method does not change is ignored as
# AIP-134 says, and nothing of it is stored. Fields the protos mark output only, a created
# resource's name (its identifier) and its etag are not listed: the test reads their behaviour
# from the descriptors and expects them ignored, answered OK and never stored (see server_sets).
NOT_CHANGED_BY_METHOD = ("a field this method does not change (immutable, or changed by another "
                         "method) is ignored whatever it holds: the call succeeds")
KNOWN_FAILURES = {
    # NOT_CHANGED_BY_METHOD
    ("DelegationService/UpdateDelegation", "delegation.entity",
     "len_5000|len_9000|control_chars|bad_name"): NOT_CHANGED_BY_METHOD,
    ("DocumentService/UpdateDocument", "document.kind", "enum_999"): NOT_CHANGED_BY_METHOD,
    ("DocumentService/UpdateDocument", "document.round_table",
     "len_5000|len_9000|control_chars|bad_name"): NOT_CHANGED_BY_METHOD,
    ("DocumentService/UpdateParagraph", "paragraph.section",
     "len_5000|len_9000|control_chars|bad_name"): NOT_CHANGED_BY_METHOD,
    ("SpeakerService/UpdateSpeaker", "speaker.delegation",
     "len_5000|len_9000|control_chars|bad_name"): NOT_CHANGED_BY_METHOD,
}


def match(pattern, text):
    """`*` matches anything, `a|b` either alternative."""
    return any(re.fullmatch(".*".join(map(re.escape, p.split("*"))), text) is not None
               for p in pattern.split("|"))


def lookup(table, method, field, mutation):
    for (m, f, u), value in table.items():
        if match(m, method) and match(f, field) and match(u, mutation):
            return value
    return None


def server_sets(method, request_type, fpath):
    """Whether forumd ignores this field of a request: as the protos'
    `(forum.v1.field_behavior)` says, a field marked output only, or inside one, or the name
    (identifier) of a resource that the method creates, all cleared before the call runs; and the
    etag of a resource being created, which only an update reads (AIP-154)."""
    fb = M.field_behavior
    creates = method.split("/")[1].startswith(("Create", "Register", "Add", "Insert",
                                                      "Inscribe"))
    if creates and len(fpath) == 2 and fpath[-1] == "etag":
        return True
    descriptor = request_type
    for name in fpath:
        fd = descriptor.fields_by_name[name]
        behaviours = list(fd.GetOptions().Extensions[fb.field_behavior])
        if fb.FIELD_BEHAVIOR_OUTPUT_ONLY in behaviours:
            return True
        if creates and fb.FIELD_BEHAVIOR_IDENTIFIER in behaviours:
            return True
        descriptor = fd.message_type
    return False


def load_modules(python_protos):
    """Every generated forum.v1 module, imported by file name."""
    class Modules:
        pass
    modules = Modules()
    modules.all = []
    for path in sorted(glob.glob(os.path.join(python_protos, "forum", "v1", "*_pb2.py"))):
        short = os.path.basename(path)[:-len("_pb2.py")]
        module = importlib.import_module("forum.v1.%s_pb2" % short)
        setattr(modules, short, module)
        modules.all.append(module)
    return modules


def mutating_methods():
    """(key 'Service/Method', full path, method descriptor) of every method that changes
    something, from the descriptors of every generated module."""
    found = []
    for module in M.all:
        for service in module.DESCRIPTOR.services_by_name.values():
            for method in service.methods:
                if method.name.startswith(READ_PREFIXES):
                    continue
                key = "%s/%s" % (service.name, method.name)
                found.append((key, "/%s/%s" % (service.full_name, method.name), method))
    return sorted(found)


def message_class(descriptor):
    """The generated class of a top-level message, from the module of its file."""
    module = importlib.import_module(descriptor.file.name[:-len(".proto")].replace("/", ".") +
                                     "_pb2")
    return getattr(module, descriptor.name)


def ts(text):
    from google.protobuf import timestamp_pb2
    t = timestamp_pb2.Timestamp()
    t.FromJsonString(text)
    return t


# ---------------------------------------------------------------------------------------------
# The world: an event open for registration with a room, a plenary meeting, a theme, three
# delegations (bel and chl accredited, sen pending), a member, two round tables (the first
# scheduled in the room, bel seated at it), a draft chair's summary with two sections (one
# empty) and a paragraph, a circulated document with a paragraph, an issued round-table summary
# with a paragraph, and a reader's token.
# ---------------------------------------------------------------------------------------------

class World:
    def __init__(self, client, event_id):
        self.client = client
        self.event_id = event_id
        self.event = "events/" + event_id
        self.build()
        self.refresh()

    def call(self, service, method, request):
        descriptor = None
        for module in M.all:
            s = module.DESCRIPTOR.services_by_name.get(service)
            if s:
                descriptor = s.methods_by_name[method]
        return self.client.call("/forum.v1.%s/%s" % (service, method), request,
                                message_class(descriptor.output_type))

    def build(self):
        ev, dl, rt, dc, ac = M.event, M.delegation, M.round_table, M.document, M.access
        e = self.event
        self.call("EventService", "CreateEvent", ev.CreateEventRequest(
            event_id=self.event_id, event=ev.Event(
                title="Consultation on labour mobility", kind=ev.EVENT_KIND_CONSULTATION,
                venue="Palais des Nations, Geneva", time_zone="Europe/Zurich",
                start_date="2027-05-10", end_date="2027-05-11",
                state=ev.EVENT_STATE_OPEN_FOR_REGISTRATION, follows_up=["events/gfmd-2007"])))
        self.room = self.call("EventService", "CreateRoom", ev.CreateRoomRequest(
            parent=e, room_id="hall", room=ev.Room(display_name="Salle XIX", capacity=300))).name
        self.session = self.call("EventService", "CreateSession", ev.CreateSessionRequest(
            parent=e, session=ev.Session(
                number=1, title="1st plenary meeting", start_time=ts("2027-05-10T07:00:00Z"),
                end_time=ts("2027-05-10T09:00:00Z"), room=self.room,
                presiding_officer="The Chair"))).name
        self.theme = self.call("EventService", "CreateTheme", ev.CreateThemeRequest(
            parent=e, theme=ev.Theme(number=1, title="Labour mobility"))).name

        def register(code):
            return self.call("DelegationService", "RegisterDelegation",
                             dl.RegisterDelegationRequest(parent=e, delegation=dl.Delegation(
                                 entity="entities/" + code,
                                 head=dl.Person(full_name="Head of " + code,
                                                rank=dl.PROTOCOL_RANK_MINISTER)))).name
        self.bel, self.sen, self.chl = register("bel"), register("sen"), register("chl")
        for name in (self.bel, self.chl):
            self.call("DelegationService", "AccreditDelegation",
                      dl.AccreditDelegationRequest(name=name))
        sp = M.speaker
        self.plenary = e + "/speakerLists/plenary"

        def inscribe(delegation):
            return self.call("SpeakerService", "InscribeSpeaker", sp.InscribeSpeakerRequest(
                parent=self.plenary, speaker=sp.Speaker(
                    delegation=delegation, level=dl.PROTOCOL_RANK_MINISTER))).name
        # Senegal inscribed first speaks first: the meeting is under way, Belgium still waits.
        self.sen_speaker = inscribe(self.sen)
        self.bel_speaker = inscribe(self.bel)
        self.call("SpeakerService", "StartNextSpeaker", sp.StartNextSpeakerRequest(
            speaker_list=self.plenary, session=self.session))
        self.member = self.call(
            "DelegationService", "AddDelegationMember", dl.AddDelegationMemberRequest(
                parent=self.bel, member=dl.DelegationMember(
                    person=dl.Person(full_name="Adviser One", rank=dl.PROTOCOL_RANK_OTHER),
                    role="adviser"))).name

        self.rt1 = self.call("RoundTableService", "CreateRoundTable", rt.CreateRoundTableRequest(
            parent=e, round_table=rt.RoundTable(number=1, title="Round table 1", theme=self.theme,
                                                capacity=10, reserved_seats=2))).name
        self.call("RoundTableService", "ScheduleRoundTable", rt.ScheduleRoundTableRequest(
            name=self.rt1, start_time=ts("2027-05-10T12:00:00Z"),
            end_time=ts("2027-05-10T14:00:00Z"), room=self.room))
        self.call("RoundTableService", "AddRoundTableParticipant",
                  rt.AddRoundTableParticipantRequest(round_table=self.rt1, delegation=self.bel,
                                                     role=rt.PARTICIPANT_ROLE_PARTICIPANT))
        self.rt2 = self.call("RoundTableService", "CreateRoundTable", rt.CreateRoundTableRequest(
            parent=e, round_table=rt.RoundTable(number=2, title="Round table 2", capacity=10,
                                                reserved_seats=2))).name
        self.rules = e + "/roundTableRules"

        def document(doc_id, kind, title, round_table=""):
            return self.call("DocumentService", "CreateDocument", dc.CreateDocumentRequest(
                parent=e, document_id=doc_id, document=dc.Document(
                    kind=kind, title=title, round_table=round_table,
                    authors=["The Chair"]))).name

        def section(doc, title):
            return self.call("DocumentService", "InsertSection", dc.InsertSectionRequest(
                parent=doc, section=dc.Section(title=title))).name

        def paragraph(sec, text):
            return self.call("DocumentService", "InsertParagraph", dc.InsertParagraphRequest(
                paragraph=dc.Paragraph(section=sec, text=text))).name

        self.summary = document("chair-summary", dc.DOCUMENT_KIND_CHAIR_SUMMARY, "Chair's summary")
        self.section = section(self.summary, "Opening")
        self.empty_section = section(self.summary, "Closing")
        self.paragraph = paragraph(self.section, "The Chair opened the meeting.")

        self.circulated = document("outcome", dc.DOCUMENT_KIND_OUTCOME_DOCUMENT, "Outcome")
        self.circulated_paragraph = paragraph(section(self.circulated, "Conclusions"),
                                              "Participants agreed on next steps.")
        self.call("DocumentService", "CirculateDocument",
                  dc.CirculateDocumentRequest(name=self.circulated))

        self.issued = document("rt1-summary", dc.DOCUMENT_KIND_ROUND_TABLE_SUMMARY,
                               "Summary of round table 1", round_table=self.rt1)
        self.issued_paragraph = paragraph(section(self.issued, "Discussion"),
                                          "Participants discussed circular migration.")
        self.call("DocumentService", "IssueDocument",
                  dc.IssueDocumentRequest(name=self.issued, symbol="FORUM/2027/RT.1"))

        self.reader_token = self.call("AccessService", "CreateToken", ac.CreateTokenRequest(
            token=ac.Token(display_name="Reader " + self.event_id,
                           bindings=[ac.RoleBinding(role=ac.ROLE_READER)]))).token.name

    def refresh(self):
        """The current etags, as a client would read them."""
        ev, dl, rt, dc = M.event, M.delegation, M.round_table, M.document
        self.etag = {}
        self.etag[self.event] = self.call("EventService", "GetEvent",
                                          ev.GetEventRequest(name=self.event)).etag
        for s in self.call("EventService", "ListSessions",
                           ev.ListSessionsRequest(parent=self.event)).sessions:
            self.etag[s.name] = s.etag
        for r in self.call("EventService", "ListRooms",
                           ev.ListRoomsRequest(parent=self.event)).rooms:
            self.etag[r.name] = r.etag
        for t in self.call("EventService", "ListThemes",
                           ev.ListThemesRequest(parent=self.event)).themes:
            self.etag[t.name] = t.etag
        for name in (self.bel, self.sen, self.chl):
            self.etag[name] = self.call("DelegationService", "GetDelegation",
                                        dl.GetDelegationRequest(name=name)).etag
        for m in self.call("DelegationService", "ListDelegationMembers",
                           dl.ListDelegationMembersRequest(parent=self.bel)).members:
            self.etag[m.name] = m.etag
        self.etag[self.plenary] = self.call(
            "SpeakerService", "GetSpeakerList",
            M.speaker.GetSpeakerListRequest(name=self.plenary)).etag
        for name in (self.bel_speaker, self.sen_speaker):
            self.etag[name] = self.call("SpeakerService", "GetSpeaker",
                                        M.speaker.GetSpeakerRequest(name=name)).etag
        for name in (self.rt1, self.rt2):
            self.etag[name] = self.call("RoundTableService", "GetRoundTable",
                                        rt.GetRoundTableRequest(name=name)).etag
        self.etag[self.rules] = self.call("RoundTableService", "GetRoundTableRules",
                                          rt.GetRoundTableRulesRequest(name=self.rules)).etag
        for doc in (self.summary, self.circulated, self.issued):
            content = self.call("DocumentService", "GetDocumentContent",
                                dc.GetDocumentContentRequest(name=doc))
            self.etag[doc] = content.document.etag
            for sc in content.sections:
                self.etag[sc.section.name] = sc.section.etag
                for p in sc.paragraphs:
                    self.etag[p.name] = p.etag

    def rid(self, what):
        """A request id of this world's own, so that no two worlds share one."""
        return "%s-%s" % (self.event_id, what)


# ---------------------------------------------------------------------------------------------
# One valid base request per mutating method, naming the world. Every string field that the
# method reads is set, so that each mutation below replaces a good value with a bad one.
# ---------------------------------------------------------------------------------------------

def full_event(w, **extra):
    ev = M.event
    return ev.Event(
        title="Consultation on labour mobility", kind=ev.EVENT_KIND_CONSULTATION,
        mandate="General Assembly resolution 60/227",
        description="A follow-up consultation.\nIt takes stock of the round tables.",
        venue="Palais des Nations, Geneva", time_zone="Europe/Zurich",
        start_date="2027-05-10", end_date="2027-05-11", organizers=["Government of Switzerland"],
        presiding_officer="The Chair", state=ev.EVENT_STATE_OPEN_FOR_REGISTRATION,
        follows_up=["events/gfmd-2007"],
        outcome_documents=[ev.OutcomeDocument(title="Chair's summary", symbol="FORUM/2027/1")],
        participation=[ev.ParticipationFigure(category="Governments", count=12,
                                              note="Secretariat count")], **extra)


def base_requests():
    ev, dl, rt, dc, ac = M.event, M.delegation, M.round_table, M.document, M.access
    sp = M.speaker
    fm = __import__("google.protobuf.field_mask_pb2", fromlist=["FieldMask"])

    def mask(*paths):
        return fm.FieldMask(paths=list(paths))

    return {
        # EventService
        "EventService/CreateEvent": lambda w: ev.CreateEventRequest(
            event_id=w.event_id + "-new", event=full_event(w), request_id=w.rid("create-event")),
        "EventService/UpdateEvent": lambda w: ev.UpdateEventRequest(
            event=full_event(w, name=w.event, etag=w.etag[w.event]),
            update_mask=mask("title", "kind", "mandate", "description", "venue", "time_zone",
                             "start_date", "end_date", "organizers", "presiding_officer", "state",
                             "follows_up", "outcome_documents", "participation")),
        "EventService/CreateSession": lambda w: ev.CreateSessionRequest(
            parent=w.event, session_id="meeting-2", request_id=w.rid("create-session"),
            session=ev.Session(number=2, title="2nd plenary meeting",
                               start_time=ts("2027-05-11T07:00:00Z"),
                               end_time=ts("2027-05-11T09:00:00Z"), room=w.room,
                               presiding_officer="The Vice-Chair",
                               description="General debate, continued.")),
        "EventService/UpdateSession": lambda w: ev.UpdateSessionRequest(
            session=ev.Session(name=w.session, number=1, title="First plenary meeting",
                               start_time=ts("2027-05-10T07:30:00Z"),
                               end_time=ts("2027-05-10T09:30:00Z"), room=w.room,
                               presiding_officer="The Chair", description="Opening.",
                               times_indicative=True, etag=w.etag[w.session]),
            update_mask=mask("number", "title", "start_time", "end_time", "room",
                             "presiding_officer", "description", "times_indicative")),
        "EventService/CreateRoom": lambda w: ev.CreateRoomRequest(
            parent=w.event, room_id="annex", request_id=w.rid("create-room"),
            room=ev.Room(display_name="Salle XX", capacity=40, description="Second floor.")),
        "EventService/UpdateRoom": lambda w: ev.UpdateRoomRequest(
            room=ev.Room(name=w.room, display_name="Salle XIX (renovated)", capacity=280,
                         description="Ground floor.", etag=w.etag[w.room]),
            update_mask=mask("display_name", "capacity", "description")),
        "EventService/UpdateTheme": lambda w: ev.UpdateThemeRequest(
            theme=ev.Theme(name=w.theme, number=1, title="Labour mobility and skills",
                           description="Skills partnerships.", etag=w.etag[w.theme]),
            update_mask=mask("number", "title", "description")),
        "EventService/CreateTheme": lambda w: ev.CreateThemeRequest(
            parent=w.event, theme_id="theme-2", request_id=w.rid("create-theme"),
            theme=ev.Theme(number=2, title="Remittances", description="Costs of transfers.")),

        # DelegationService
        "DelegationService/RegisterDelegation": lambda w: dl.RegisterDelegationRequest(
            parent=w.event, request_id=w.rid("register"), delegation=dl.Delegation(
                entity="entities/fra",
                head=dl.Person(full_name="Jean Dupont", title="Minister",
                               rank=dl.PROTOCOL_RANK_MINISTER),
                credentials=dl.Credentials(reference="NV/2027/113", received_date="2027-04-01"),
                contact_email="focal.point@example.org", notes="Arrives on 9 May.")),
        "DelegationService/UpdateDelegation": lambda w: dl.UpdateDelegationRequest(
            delegation=dl.Delegation(
                name=w.bel, etag=w.etag[w.bel],
                head=dl.Person(full_name="Régine De Clercq", title="Permanent Representative",
                               rank=dl.PROTOCOL_RANK_PERMANENT_REPRESENTATIVE),
                credentials=dl.Credentials(reference="NV/2027/7", received_date="2027-04-02"),
                contact_email="mission@example.org", notes="Two advisers."),
            update_mask=mask("head", "credentials", "contact_email", "notes")),
        "DelegationService/AccreditDelegation": lambda w: dl.AccreditDelegationRequest(
            name=w.sen, etag=w.etag[w.sen]),
        "DelegationService/RejectDelegation": lambda w: dl.RejectDelegationRequest(
            name=w.sen, reason="No credentials were received.", etag=w.etag[w.sen]),
        "DelegationService/WithdrawDelegation": lambda w: dl.WithdrawDelegationRequest(
            name=w.bel, reason="Travel cancelled.", etag=w.etag[w.bel]),
        "DelegationService/AddDelegationMember": lambda w: dl.AddDelegationMemberRequest(
            parent=w.bel, request_id=w.rid("add-member"), member=dl.DelegationMember(
                person=dl.Person(full_name="Second Adviser", title="Counsellor",
                                 rank=dl.PROTOCOL_RANK_OTHER),
                role="adviser")),
        "DelegationService/UpdateDelegationMember": lambda w: dl.UpdateDelegationMemberRequest(
            member=dl.DelegationMember(
                name=w.member, etag=w.etag[w.member], role="alternate",
                person=dl.Person(full_name="Adviser One", title="Senior adviser",
                                 rank=dl.PROTOCOL_RANK_VICE_MINISTER)),
            update_mask=mask("person", "role")),
        "DelegationService/RemoveDelegationMember": lambda w: dl.RemoveDelegationMemberRequest(
            name=w.member, etag=w.etag[w.member]),

        # AccessService
        "AccessService/CreateToken": lambda w: ac.CreateTokenRequest(
            request_id=w.rid("create-token"), token=ac.Token(
                display_name="Chair of " + w.event_id,
                bindings=[ac.RoleBinding(role=ac.ROLE_CHAIR, scope=w.event)],
                expire_time=ts(time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                             time.gmtime(time.time() + 30 * 86400))))),
        "AccessService/RevokeToken": lambda w: ac.RevokeTokenRequest(name=w.reader_token),

        # RoundTableService
        "RoundTableService/CreateRoundTable": lambda w: rt.CreateRoundTableRequest(
            parent=w.event, round_table_id="round-table-3", request_id=w.rid("create-rt"),
            round_table=rt.RoundTable(number=3, title="Round table 3", theme=w.theme,
                                      description="Partnerships.", co_chairs=[w.chl],
                                      rapporteur="Rapporteur of round table 3", capacity=10,
                                      reserved_seats=2)),
        "RoundTableService/UpdateRoundTable": lambda w: rt.UpdateRoundTableRequest(
            round_table=rt.RoundTable(name=w.rt1, number=1, title="Round table 1: mobility",
                                      theme=w.theme, description="Labour mobility.",
                                      co_chairs=[w.chl], rapporteur="Rapporteur", capacity=12,
                                      reserved_seats=3, state=rt.ROUND_TABLE_STATE_SCHEDULED,
                                      etag=w.etag[w.rt1]),
            update_mask=mask("number", "title", "theme", "description", "co_chairs",
                             "rapporteur", "capacity", "reserved_seats", "state")),
        "RoundTableService/DeleteRoundTable": lambda w: rt.DeleteRoundTableRequest(
            name=w.rt2, etag=w.etag[w.rt2]),
        "RoundTableService/ScheduleRoundTable": lambda w: rt.ScheduleRoundTableRequest(
            name=w.rt2, start_time=ts("2027-05-11T12:00:00Z"), end_time=ts("2027-05-11T14:00:00Z"),
            room=w.room, etag=w.etag[w.rt2]),
        "RoundTableService/AddRoundTableParticipant": lambda w: rt.AddRoundTableParticipantRequest(
            round_table=w.rt1, delegation=w.chl, role=rt.PARTICIPANT_ROLE_PARTICIPANT,
            request_id=w.rid("add-participant")),
        "RoundTableService/RemoveRoundTableParticipant":
            lambda w: rt.RemoveRoundTableParticipantRequest(round_table=w.rt1, delegation=w.bel),
        "RoundTableService/SetRoundTablePreferences": lambda w: rt.SetRoundTablePreferencesRequest(
            preferences=rt.RoundTablePreferences(delegation=w.bel, round_tables=[w.rt2, w.rt1])),
        "RoundTableService/UpdateRoundTableRules": lambda w: rt.UpdateRoundTableRulesRequest(
            rules=rt.RoundTableRules(name=w.rules, max_round_tables_per_state=2,
                                     regional_slack=1, etag=w.etag[w.rules]),
            update_mask=mask("max_round_tables_per_state", "regional_slack")),
        "RoundTableService/AllocateRoundTables": lambda w: rt.AllocateRoundTablesRequest(
            parent=w.event),

        # ScheduleService
        "ScheduleService/PublishSchedule": lambda w: M.schedule.PublishScheduleRequest(
            parent=w.event, version="1.0", comment="The programme as agreed",
            request_id=w.rid("publish")),

        # SpeakerService
        "SpeakerService/UpdateSpeakerList": lambda w: sp.UpdateSpeakerListRequest(
            speaker_list=sp.SpeakerList(
                name=w.plenary, open=True, inscription_deadline=ts("2027-05-09T12:00:00Z"),
                policy=sp.PRECEDENCE_POLICY_DRAW_BY_LOT, draw_seed=20270510, groups_first=True,
                time_limits=sp.StatementTimeLimits(
                    national_seconds=240, group_seconds=360, joint_seconds=360,
                    observer_seconds=240, organization_seconds=180),
                replies_per_meeting=2, first_reply_seconds=600, second_reply_seconds=300,
                allow_multiple_national=False, absent_policy=sp.ABSENT_POLICY_DROP,
                etag=w.etag[w.plenary]),
            update_mask=mask("open", "inscription_deadline", "policy", "draw_seed",
                             "groups_first", "time_limits", "replies_per_meeting",
                             "first_reply_seconds", "second_reply_seconds",
                             "allow_multiple_national", "absent_policy")),
        "SpeakerService/InscribeSpeaker": lambda w: sp.InscribeSpeakerRequest(
            parent=w.plenary, request_id=w.rid("inscribe"), speaker=sp.Speaker(
                delegation=w.chl, speaker_name="H.E. Ms. Example",
                speaker_title="Minister of Foreign Affairs", level=dl.PROTOCOL_RANK_MINISTER,
                kind=sp.STATEMENT_KIND_NATIONAL, language="es")),
        "SpeakerService/UpdateSpeaker": lambda w: sp.UpdateSpeakerRequest(
            speaker=sp.Speaker(
                name=w.bel_speaker, speaker_name="H.E. Mr. Example",
                speaker_title="Deputy Prime Minister",
                level=dl.PROTOCOL_RANK_DEPUTY_HEAD_OF_GOVERNMENT,
                kind=sp.STATEMENT_KIND_ON_BEHALF_OF_GROUP, on_behalf_of="the European Union",
                language="fr", etag=w.etag[w.bel_speaker]),
            update_mask=mask("speaker_name", "speaker_title", "level", "kind", "on_behalf_of",
                             "language")),
        "SpeakerService/WithdrawSpeaker": lambda w: sp.WithdrawSpeakerRequest(
            name=w.bel_speaker, etag=w.etag[w.bel_speaker]),
        "SpeakerService/MoveSpeaker": lambda w: sp.MoveSpeakerRequest(
            name=w.bel_speaker, after=w.sen_speaker, reason="The minister arrives late.",
            etag=w.etag[w.bel_speaker]),
        "SpeakerService/DistributeSpeakers": lambda w: sp.DistributeSpeakersRequest(
            speaker_list=w.plenary),
        "SpeakerService/StartNextSpeaker": lambda w: sp.StartNextSpeakerRequest(
            speaker_list=w.plenary, session=w.session),
        "SpeakerService/PauseSpeaker": lambda w: sp.PauseSpeakerRequest(speaker_list=w.plenary),
        "SpeakerService/ResumeSpeaker": lambda w: sp.ResumeSpeakerRequest(speaker_list=w.plenary),
        "SpeakerService/EndSpeaker": lambda w: sp.EndSpeakerRequest(speaker_list=w.plenary),
        "SpeakerService/RaisePointOfOrder": lambda w: sp.RaisePointOfOrderRequest(
            speaker_list=w.plenary, delegation=w.chl),
        "SpeakerService/RequestRightOfReply": lambda w: sp.RequestRightOfReplyRequest(
            speaker_list=w.plenary, delegation=w.chl, request_id=w.rid("reply")),

        # DocumentService
        "DocumentService/CreateDocument": lambda w: dc.CreateDocumentRequest(
            parent=w.event, document_id="rt2-summary", request_id=w.rid("create-document"),
            author="Secretariat", document=dc.Document(
                kind=dc.DOCUMENT_KIND_ROUND_TABLE_SUMMARY, title="Summary of round table 2",
                round_table=w.rt2, authors=["Co-chair of round table 2"])),
        "DocumentService/UpdateDocument": lambda w: dc.UpdateDocumentRequest(
            document=dc.Document(name=w.summary, title="Chair's summary (revised)",
                                 authors=["The Chair", "The Rapporteur"], etag=w.etag[w.summary]),
            update_mask=mask("title", "authors"), author="The Chair"),
        "DocumentService/DeleteDocument": lambda w: dc.DeleteDocumentRequest(
            name=w.summary, etag=w.etag[w.summary]),
        "DocumentService/InsertSection": lambda w: dc.InsertSectionRequest(
            parent=w.summary, section=dc.Section(title="Recommendations", theme=w.theme), index=2,
            author="Rapporteur", request_id=w.rid("insert-section")),
        "DocumentService/UpdateSection": lambda w: dc.UpdateSectionRequest(
            section=dc.Section(name=w.section, title="Opening of the meeting", theme=w.theme,
                               etag=w.etag[w.section]),
            author="Rapporteur", update_mask=mask("title", "theme")),
        "DocumentService/MoveSection": lambda w: dc.MoveSectionRequest(
            name=w.section, index=2, etag=w.etag[w.section], author="Rapporteur"),
        "DocumentService/DeleteSection": lambda w: dc.DeleteSectionRequest(
            name=w.empty_section, etag=w.etag[w.empty_section], author="Rapporteur"),
        "DocumentService/InsertParagraph": lambda w: dc.InsertParagraphRequest(
            paragraph=dc.Paragraph(section=w.section, text="The Chair welcomed the participants.",
                                   citations=[w.session]),
            index=1, author="Rapporteur", request_id=w.rid("insert-paragraph")),
        "DocumentService/UpdateParagraph": lambda w: dc.UpdateParagraphRequest(
            paragraph=dc.Paragraph(name=w.paragraph, text="The Chair declared the meeting open.",
                                   citations=[w.theme], etag=w.etag[w.paragraph]),
            author="Rapporteur", update_mask=mask("text", "citations")),
        "DocumentService/MoveParagraph": lambda w: dc.MoveParagraphRequest(
            name=w.paragraph, section=w.empty_section, index=1, etag=w.etag[w.paragraph],
            author="Rapporteur"),
        "DocumentService/DeleteParagraph": lambda w: dc.DeleteParagraphRequest(
            name=w.paragraph, etag=w.etag[w.paragraph], author="Rapporteur"),
        "DocumentService/CirculateDocument": lambda w: dc.CirculateDocumentRequest(
            name=w.summary, etag=w.etag[w.summary], author="The Chair"),
        "DocumentService/IssueDocument": lambda w: dc.IssueDocumentRequest(
            name=w.circulated, symbol="FORUM/2027/2", etag=w.etag[w.circulated],
            author="Secretariat"),
        "DocumentService/IssueCorrigendum": lambda w: dc.IssueCorrigendumRequest(
            name=w.issued, reason="A name was misspelt.", author="Secretariat",
            request_id=w.rid("corrigendum"),
            corrections=[dc.ParagraphCorrection(paragraph=w.issued_paragraph,
                                                text="Participants discussed circular "
                                                     "and temporary migration.")]),
        "DocumentService/AddComment": lambda w: dc.AddCommentRequest(
            request_id=w.rid("comment"), comment=dc.Comment(
                paragraph=w.circulated_paragraph, author=w.bel,
                text="Belgium proposes to add a reference to\nthe 2006 Dialogue.")),
        "DocumentService/CompileDocument": lambda w: dc.CompileDocumentRequest(
            name=w.summary, source=w.issued, author="The Chair", request_id=w.rid("compile")),
    }


# ---------------------------------------------------------------------------------------------
# Mutations
# ---------------------------------------------------------------------------------------------

def field_locations(descriptor, prefix=(), depth=0):
    """(kind, path) of every string, enum, Timestamp and FieldMask field reachable from a
    message, recursively; a path is a tuple of field names."""
    from google.protobuf.descriptor import FieldDescriptor as F
    for f in descriptor.fields:
        path = prefix + (f.name,)
        if f.type == F.TYPE_MESSAGE:
            full = f.message_type.full_name
            if full == "google.protobuf.Timestamp":
                yield "timestamp", path
            elif full == "google.protobuf.FieldMask":
                yield "mask", path
            elif full.startswith("google.protobuf.") or f.message_type.GetOptions().map_entry:
                continue
            elif depth < 8:
                yield from field_locations(f.message_type, path, depth + 1)
        elif f.type == F.TYPE_STRING:
            yield "string", path
        elif f.type == F.TYPE_ENUM:
            yield "enum", path


def _is_repeated(fd):
    from google.protobuf.descriptor import FieldDescriptor as F
    return fd.label == F.LABEL_REPEATED


def path_text(descriptor, path):
    parts = []
    for name in path:
        fd = descriptor.fields_by_name[name]
        parts.append(name + ("[0]" if _is_repeated(fd) else ""))
        if fd.message_type is not None:
            descriptor = fd.message_type
    return ".".join(parts)


def _parent_of(message, path):
    """The message that holds the last field of `path`, created (first element of repeated
    fields) where absent."""
    for name in path[:-1]:
        fd = message.DESCRIPTOR.fields_by_name[name]
        if _is_repeated(fd):
            container = getattr(message, name)
            message = container[0] if len(container) else container.add()
        else:
            message = getattr(message, name)
    return message, message.DESCRIPTOR.fields_by_name[path[-1]]


def set_scalar(message, path, value):
    parent, fd = _parent_of(message, path)
    if _is_repeated(fd):
        container = getattr(parent, fd.name)
        if len(container):
            container[0] = value
        else:
            container.append(value)
    else:
        setattr(parent, fd.name, value)


def set_timestamp(message, path, seconds):
    parent, fd = _parent_of(message, path)
    stamp = getattr(parent, fd.name)
    stamp.seconds = seconds
    stamp.nanos = 0


def set_mask(message, path, paths):
    parent, fd = _parent_of(message, path)
    mask = getattr(parent, fd.name)
    del mask.paths[:]
    mask.paths.extend(paths)


def containing_message(descriptor, path):
    for name in path[:-1]:
        descriptor = descriptor.fields_by_name[name].message_type
    return descriptor.full_name


class Case:
    def __init__(self, method, path, field, mutation, value_text, expected, body, ignored=False,
                 value=None):
        self.method = method        # 'Service/Method'
        self.path = path            # '/forum.v1.Service/Method'
        self.field = field          # e.g. 'event.outcome_documents[0].title', '-' for the body
        self.mutation = mutation
        self.value_text = value_text
        self.expected = expected
        self.body = body            # the serialized request
        self.known = lookup(KNOWN_FAILURES, method, field, mutation)
        # A field the server sets: the call succeeds and the value is found nowhere after it.
        self.ignored = ignored
        self.value = value


def cases_for(method, path, descriptor, base):
    def case(field, mutation, value_text, expected, body, fpath=None, value=None):
        instead = lookup(EXPECTED_INSTEAD, method, field, mutation)
        if instead is not None:
            expected = instead[0]
        ignored = fpath is not None and server_sets(method, descriptor.input_type, fpath)
        if ignored:
            expected = grpc.StatusCode.OK
        return Case(method, path, field, mutation, value_text, expected, body, ignored, value)

    out = [case("-", "garbage_body", repr(GARBAGE_BODY), INVALID, GARBAGE_BODY),
           case("-", "empty_request", "{}", INVALID, b"")]
    request_type = descriptor.input_type
    verb_reads_resource_etag = descriptor.name.startswith("Update")

    def mutated(apply):
        request = type(base)()
        request.CopyFrom(base)
        apply(request)
        return request.SerializeToString()

    for kind, fpath in field_locations(request_type):
        field = path_text(request_type, fpath)
        name = fpath[-1]
        if kind == "string":
            values = []
            if name not in LONG_TEXT_FIELDS:
                values.append(("len_5000", "'x' * 5000", "x" * 5000, INVALID))
            values.append(("len_9000", "'x' * 9000", "x" * 9000, INVALID))
            values.append(("control_chars", repr(CONTROL), CONTROL, INVALID))
            is_name = name in NAME_FIELDS or (
                (containing_message(request_type, fpath), name) in NAME_FIELDS_IN)
            if is_name:
                values.append(("bad_name", repr(BAD_NAME), BAD_NAME, INVALID))
            if name == "etag":
                values.append(("etag_garbage", "'garbage'", "garbage", INVALID))
                # A well-formed etag that is not current: only where the method checks one (a
                # request's own etag, or the resource's on Update); elsewhere it is output only.
                if len(fpath) == 1 or verb_reads_resource_etag:
                    values.append(("etag_stale", repr(STALE_ETAG), STALE_ETAG, ABORTED))
            for mutation, text, value, expected in values:
                out.append(case(field, mutation, text, expected,
                                mutated(lambda r, v=value: set_scalar(r, fpath, v)), fpath,
                                value))
        elif kind == "enum":
            out.append(case(field, "enum_999", "999", INVALID,
                            mutated(lambda r: set_scalar(r, fpath, 999)), fpath))
        elif kind == "timestamp":
            for mutation, seconds in (("ts_2^62", 2 ** 62), ("ts_year_10000", 253402300800)):
                out.append(case(field, mutation, "seconds=%d" % seconds, INVALID,
                                mutated(lambda r, s=seconds: set_timestamp(r, fpath, s)), fpath))
        elif kind == "mask":
            for mutation, paths in (("mask_no_such_field", ["no_such_field"]),
                                    ("mask_empty_path", [""])):
                out.append(case(field, mutation, "paths=%r" % paths, INVALID,
                                mutated(lambda r, p=paths: set_mask(r, fpath, p))))
    return out


# ---------------------------------------------------------------------------------------------
# The database fingerprint
# ---------------------------------------------------------------------------------------------

def fingerprint(db):
    """Row counts of every table, the last rowid of each, the last audit record and the sum of
    the row versions, read on a new read-only connection (the database is in WAL mode)."""
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True, timeout=10)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name")]
        out = {}
        for table in tables:
            quoted = '"%s"' % table.replace('"', '""')
            out[table + ": rows"] = con.execute("SELECT count(*) FROM " + quoted).fetchone()[0]
            columns = [r[1] for r in con.execute("PRAGMA table_info(%s)" % quoted)]
            if "version" in columns:
                out[table + ": sum(version)"] = con.execute(
                    "SELECT total(version) FROM " + quoted).fetchone()[0]
            try:
                out[table + ": max(rowid)"] = con.execute(
                    "SELECT max(rowid) FROM " + quoted).fetchone()[0]
            except sqlite3.OperationalError:
                pass  # WITHOUT ROWID
        return out
    finally:
        con.close()


def stored(db, value):
    """Whether a mutation's long or control-character value appears in any column of any table
    (other values are too plain to look for)."""
    if not isinstance(value, str):
        return False
    needle = value if len(value) >= 5000 else ("\x1b[2J" if value == CONTROL else None)
    if needle is None:
        return False
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True, timeout=10)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        for table in tables:
            quoted = '"%s"' % table.replace('"', '""')
            for column in [r[1] for r in con.execute("PRAGMA table_info(%s)" % quoted)]:
                hit = con.execute("SELECT 1 FROM %s WHERE instr(CAST(\"%s\" AS BLOB), ?) > 0 "
                                  "LIMIT 1" % (quoted, column.replace('"', '""')),
                                  (needle.encode(),)).fetchone()
                if hit:
                    return True
        return False
    finally:
        con.close()


def fingerprint_diff(before, after):
    keys = sorted(set(before) | set(after))
    return ["%s %s -> %s" % (k, before.get(k), after.get(k)) for k in keys
            if before.get(k) != after.get(k)]


# ---------------------------------------------------------------------------------------------

class BadInput(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        # No rate limits here: this test is about answers to bad input, not about floods
        # (hostile_test.py checks the default limits).
        cls.server = Server(cls.tmp.name, extra=["--write-rate", "0", "--read-rate", "0"])
        cls.server.start()
        cls.client = Client(cls.server.address(), cls.server.admin_token())
        cls.methods = mutating_methods()
        cls.bases = base_requests()

    @classmethod
    def tearDownClass(cls):
        cls.client.channel.close()
        cls.server.stop()
        cls.tmp.cleanup()

    def died(self):
        """The end of forumd's log when it is no longer running, else None."""
        try:
            self.server.proc.wait(timeout=3)
        except subprocess.TimeoutExpired:
            return None
        log = self.server.read_log()
        lines = [l for l in log.splitlines() if "runtime error" in l or "ERROR:" in l]
        return "exit %s; %s" % (self.server.proc.returncode,
                                " | ".join(lines[-3:]) if lines else log[-300:])

    def restart(self):
        self.client.channel.close()
        self.server.log.close()
        self.server.start()
        type(self).client = Client(self.server.address(), self.server.admin_token())

    def test_0_every_mutating_method_has_a_base_request(self):
        keys = {key for key, _, _ in self.methods}
        self.assertGreater(len(keys), 30, "the descriptors list too few mutating methods")
        self.assertEqual(sorted(keys - set(self.bases)), [],
                         "mutating methods without a base request below")
        self.assertEqual(sorted(set(self.bases) - keys), [],
                         "base requests for methods that do not exist or do not change anything")
        for key, _, descriptor in self.methods:
            self.assertFalse(descriptor.client_streaming or descriptor.server_streaming,
                             "%s streams: this test sends unary calls" % key)

    def test_1_every_base_request_is_valid(self):
        """Each base request, sent once on a fresh world of its own, succeeds."""
        failures = []
        for i, (key, path, descriptor) in enumerate(self.methods):
            if key not in self.bases:
                continue
            world = World(self.client, "base-%d-2027" % i)
            request = self.bases[key](world)
            try:
                self.client.call(path, request, message_class(descriptor.output_type))
            except grpc.RpcError as e:
                failures.append("%s: %s %s" % (key, e.code().name, e.details()))
        self.assertEqual(failures, [], "base requests that are not valid")

    def send(self, case, before):
        """Sends one case; returns (code name, details, what changed in the database)."""
        try:
            self.client.raw(case.path, case.body, timeout=20)
            code, details = grpc.StatusCode.OK.name, ""
        except grpc.RpcError as e:
            code, details = e.code().name, e.details() or ""
        if code == "UNAVAILABLE" or self.server.proc.poll() is not None:
            crash = self.died()
            if crash:
                # Report it, and go on with the rest on a new forumd over the same database.
                code, details = "forumd DIED", crash
                self.restart()
        return code, details, fingerprint_diff(before, fingerprint(self.server.db))

    def test_2_bad_input_is_refused_and_changes_nothing(self):
        started = time.time()
        world = World(self.client, "hostile-2027")
        cases = []
        for key, path, descriptor in self.methods:
            cases += cases_for(key, path, descriptor, self.bases[key](world))
        results = []  # (case, code, details, changed)

        # The cases expected to be refused, one after the other on the same world: each is
        # checked against the fingerprint the previous one left.
        def alone(c):
            return c.known is not None or c.ignored or ARGS.isolate_all
        isolated = [c for c in cases if alone(c)]
        before = fingerprint(self.server.db)
        for case in cases:
            if not alone(case):
                code, details, changed = self.send(case, before)
                if changed:
                    before = fingerprint(self.server.db)
                results.append((case, code, details, changed))

        # The cases known to be answered wrongly, each on a world that no other case changed:
        # one that wrongly succeeds (or kills forumd) must not change what another is answered.
        # A world serves until a case changes something in the database.
        by_key = {key: (path, descriptor) for key, path, descriptor in self.methods}
        own = None
        for n, case in enumerate(isolated):
            if own is None:
                own = World(self.client, "known-%d-2027" % n)
            path, descriptor = by_key[case.method]
            [case] = [c for c in cases_for(case.method, path, descriptor,
                                           self.bases[case.method](own))
                      if c.field == case.field and c.mutation == case.mutation]
            code, details, changed = self.send(case, fingerprint(self.server.db))
            if changed or code == "forumd DIED":
                own = None
            if case.ignored and code == "OK" and stored(self.server.db, case.value):
                code = "OK, BUT STORED"
            results.append((case, code, details, changed))

        failures, known, fixed = [], [], []
        ignored = 0
        for case, code, details, changed in results:
            if case.ignored and code == "OK":
                ignored += 1
                continue
            if code == case.expected.name and not changed:
                if case.known is not None:
                    fixed.append(case)
                continue
            # What stays listed is ignored by design: it must still be answered OK, never a
            # server error or a crash.
            if case.known is None or code != "OK":
                failures.append(
                    "%s  field=%s  mutation=%s  value=%s\n      expected %s, got %s%s%s" % (
                        case.method, case.field, case.mutation, case.value_text,
                        case.expected.name, code, (": " + details[:300]) if details else "",
                        ("\n      CHANGED " + "; ".join(changed)) if changed else ""))
            else:
                tables = sorted({c.split(":")[0] for c in changed})
                known.append((case.known, "%s  %s  %s: %s%s" % (
                    case.method, case.field, case.mutation, code,
                    (" (changed %s)" % ", ".join(tables)) if tables else "")))

        elapsed = time.time() - started
        print("\n  %d (method, mutation) cases on %d mutating methods in %.1f s: %d as expected, "
              "%d known failures, %d new failures; %d of the expected were fields the server sets, "
              "answered OK and not stored" % (
                  len(cases), len({c.method for c in cases}), elapsed,
                  len(cases) - len(known) - len(failures), len(known), len(failures), ignored))
        if known:
            print("\n  KNOWN FAILURES (listed in KNOWN_FAILURES; not failing this test), expected "
                  "INVALID_ARGUMENT (ABORTED for etag_stale):")
            for reason in sorted({r for r, _ in known}):
                print("\n  - " + reason)
                for r, line in known:
                    if r == reason:
                        print("      " + line)
        if fixed:
            print("\n  Now answered as expected; remove from KNOWN_FAILURES:")
            for case in fixed:
                print("      %s  %s  %s" % (case.method, case.field, case.mutation))
        if failures:
            self.fail("%d bad inputs answered with another code, or changing the database:\n  %s"
                      % (len(failures), "\n  ".join(failures)))


def main():
    global ARGS, M
    parser = argparse.ArgumentParser()
    parser.add_argument("--forumd", required=True)
    parser.add_argument("--forumctl", required=True)
    parser.add_argument("--python-protos", required=True)
    parser.add_argument("--isolate-all", action="store_true",
                        help="send every case as the known failures are sent, on a world that "
                             "no other case changed (to see what each answers when updating "
                             "KNOWN_FAILURES)")
    ARGS, rest = parser.parse_known_args()
    e2e_test.ARGS = ARGS
    e2e_test.load_protos(ARGS.python_protos)
    M = load_modules(ARGS.python_protos)
    # Never touch the real ~/.config/forum/token: this forumd gets its own.
    os.environ["FORUM_TOKEN_FILE"] = os.path.join(tempfile.mkdtemp(), "token")
    unittest.main(argv=[sys.argv[0], "-v"] + rest)


if __name__ == "__main__":
    main()
