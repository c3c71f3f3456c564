#!/usr/bin/env python3
"""Writes the fuzz seed corpus and dictionary of tests/fuzz from the API's descriptors.

  make_corpus.py --fuzz-replay build/debug/tests/fuzz/fuzz_replay \\
                 --python-protos build/debug/proto/python

For each service, corpus/{service}/valid holds one input per RPC: a valid request, sent as the
secretariat, that answers OK on the fuzz world (the test fuzz.seeds_answer_ok.* checks it).
The mutating requests are the base requests of tests/e2e/bad_input_test.py, naming the fuzz
world instead of a world of their own; the reads name the world's objects. corpus/{service}/edge
holds what mutation reaches slowly: each valid request sent by every other caller, the empty
and the undecodable body of every RPC, edge numbers, and sequences that walk a resource through
its life. forum.dict holds the world's names, the API's words, and the tag and value bytes of
every enum field of every request.

The world's names come from `fuzz_replay --world`; its token names are random, so inputs use the
stand-ins of tests/fuzz/harness.h. The files are committed: run this again when the API or the
world changes, and commit what changes.
"""
import argparse
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))

SERVICES = [("entity", "EntityService"), ("event", "EventService"),
            ("delegation", "DelegationService"), ("round_table", "RoundTableService"),
            ("document", "DocumentService"), ("access", "AccessService"),
            ("speaker", "SpeakerService"), ("schedule", "ScheduleService")]
# Calls that go before a method's valid seed when the world's state alone would make the
# method change nothing (the floor's clock runs: resuming it needs a pause first).
VALID_PRELUDES = {"ResumeSpeaker": ["PauseSpeaker"],
                  "ListScheduleReleases": ["PublishSchedule"],
                  "GetScheduleRelease": ["PublishSchedule"],
                  "DiffScheduleReleases": ["PublishSchedule"]}
MAX_CALLS = 12  # kMaxCalls of tests/fuzz/harness.h
CALLERS = {"none": 0, "reader": 1, "focal-point": 2, "chair": 3, "admin": 4}
TOKEN_STAND_INS = {"admin": "tokens/fuzz-admin00", "reader": "tokens/fuzz-reader0",
                   "focal-point": "tokens/fuzz-focalpt", "chair": "tokens/fuzz-chair00"}


def record(method_index, caller, body):
    if len(body) > 0xffff:
        raise ValueError("a call's body is at most 65,535 bytes")
    return bytes([method_index, CALLERS[caller], len(body) & 0xff, len(body) >> 8]) + body


class World:
    """The fuzz world's names, as bad_input_test.base_requests reads them."""

    def __init__(self, names):
        self.names = names
        self.event_id = "fuzz"
        for key, value in names.items():
            setattr(self, key.replace("-", "_"), value)
        self.reader_token = TOKEN_STAND_INS["reader"]
        self.etag = {}

    def rid(self, what):
        return "fuzz-" + what


class EtagFree(dict):
    """Seeds send no etag: the requests stay valid whatever the versions are."""

    def __missing__(self, key):
        return ""


def read_requests(M, w):
    ev, dl, rt, dc, ac, en = M.event, M.delegation, M.round_table, M.document, M.access, M.entity
    sp = M.speaker
    return {
        "EntityService/ListEntities": en.ListEntitiesRequest(
            page_size=20, filter="regional_group = AFRICAN"),
        "EntityService/GetEntity": en.GetEntityRequest(name="entities/bel"),
        "EventService/GetEvent": ev.GetEventRequest(name=w.event),
        "EventService/ListEvents": ev.ListEventsRequest(page_size=5),
        "EventService/ListSessions": ev.ListSessionsRequest(parent=w.event),
        "EventService/GetSession": ev.GetSessionRequest(name=w.session),
        "EventService/GetRoom": ev.GetRoomRequest(name=w.room),
        "EventService/GetTheme": ev.GetThemeRequest(name=w.theme),
        "EventService/ListRooms": ev.ListRoomsRequest(parent=w.event),
        "EventService/ListThemes": ev.ListThemesRequest(parent=w.event),
        "DelegationService/GetDelegation": dl.GetDelegationRequest(name=w.bel),
        "DelegationService/ListDelegations": dl.ListDelegationsRequest(
            parent=w.event, filter="state = ACCREDITED"),
        "DelegationService/ListDelegationMembers": dl.ListDelegationMembersRequest(parent=w.bel),
        "RoundTableService/GetRoundTable": rt.GetRoundTableRequest(name=w.rt1),
        "RoundTableService/ListRoundTables": rt.ListRoundTablesRequest(parent=w.event),
        "RoundTableService/ListScheduleConflicts": rt.ListScheduleConflictsRequest(
            parent=w.event),
        "RoundTableService/ListRoundTableParticipants": rt.ListRoundTableParticipantsRequest(
            round_table=w.rt1),
        "RoundTableService/GetRoundTablePreferences": rt.GetRoundTablePreferencesRequest(
            delegation=w.chl),
        "RoundTableService/GetRoundTableRules": rt.GetRoundTableRulesRequest(name=w.rules),
        "RoundTableService/ExportSchedule": rt.ExportScheduleRequest(
            parent=w.event, format=rt.SCHEDULE_FORMAT_ICALENDAR, draft=True),
        "ScheduleService/ListScheduleReleases": M.schedule.ListScheduleReleasesRequest(
            parent=w.event),
        "ScheduleService/GetScheduleRelease": M.schedule.GetScheduleReleaseRequest(
            name=w.event + "/scheduleReleases/latest"),
        "ScheduleService/DiffScheduleReleases": M.schedule.DiffScheduleReleasesRequest(
            from_release=w.event + "/scheduleReleases/latest"),
        "DocumentService/GetDocument": dc.GetDocumentRequest(name=w.summary),
        "DocumentService/ListDocuments": dc.ListDocumentsRequest(parent=w.event),
        "DocumentService/GetDocumentContent": dc.GetDocumentContentRequest(name=w.summary),
        "DocumentService/ListRevisions": dc.ListRevisionsRequest(parent=w.summary, page_size=3),
        "DocumentService/DiffRevisions": dc.DiffRevisionsRequest(
            name=w.summary, from_revision=1, to_revision=4),
        "DocumentService/ListComments": dc.ListCommentsRequest(parent=w.circulated),
        "DocumentService/ExportDocument": dc.ExportDocumentRequest(
            name=w.issued, format=dc.DOCUMENT_FORMAT_MARKDOWN),
        "SpeakerService/GetSpeakerList": sp.GetSpeakerListRequest(name=w.plenary),
        "SpeakerService/ListSpeakerLists": sp.ListSpeakerListsRequest(parent=w.event),
        "SpeakerService/GetSpeaker": sp.GetSpeakerRequest(name=w.bel_speaker),
        "SpeakerService/ListSpeakers": sp.ListSpeakersRequest(
            parent=w.plenary, session=w.session, show_withdrawn=True),
        "SpeakerService/GetFloor": sp.GetFloorRequest(name=w.plenary + "/floor"),
        "SpeakerService/ListStatements": sp.ListStatementsRequest(parent=w.plenary),
        "SpeakerService/GetParticipation": sp.GetParticipationRequest(
            name=w.plenary + "/participation"),
        "SpeakerService/ExportSpeakerList": sp.ExportSpeakerListRequest(
            name=w.plenary, format=sp.SPEAKER_LIST_FORMAT_MARKDOWN, session=w.session),
        "SpeakerService/ExportStatements": sp.ExportStatementsRequest(
            parent=w.plenary, format=sp.STATEMENTS_FORMAT_AKOMA_NTOSO),
        "AccessService/ListTokens": ac.ListTokensRequest(page_size=10, show_inactive=True),
        "AccessService/GetCaller": ac.GetCallerRequest(),
        "AccessService/ListAuditRecords": ac.ListAuditRecordsRequest(
            page_size=10, resource_prefix=w.event),
    }


def sequences(M, w, base):
    """Inputs that walk resources through their lives, by service."""
    ev, dl, rt, dc, ac = M.event, M.delegation, M.round_table, M.document, M.access
    sp = M.speaker
    return {
        "speaker": {
            # The meeting runs: a point of order, Belgium called, a reply, the record.
            "floor": [
                ("RaisePointOfOrder", "chair", base["SpeakerService/RaisePointOfOrder"]),
                ("EndSpeaker", "chair", base["SpeakerService/EndSpeaker"]),
                ("StartNextSpeaker", "chair", sp.StartNextSpeakerRequest(speaker_list=w.plenary)),
                ("RequestRightOfReply", "focal-point", sp.RequestRightOfReplyRequest(
                    speaker_list=w.plenary, delegation=w.bel)),
                ("StartNextSpeaker", "chair", sp.StartNextSpeakerRequest(speaker_list=w.plenary)),
                ("StartNextSpeaker", "chair", sp.StartNextSpeakerRequest(speaker_list=w.plenary)),
                ("ExportStatements", "reader", base["SpeakerService/ExportStatements"]),
                ("GetParticipation", "reader", base["SpeakerService/GetParticipation"]),
            ],
        },
        "event": {
            "life": [
                ("CreateEvent", "admin", base["EventService/CreateEvent"]),
                ("CreateRoom", "admin", ev.CreateRoomRequest(
                    parent="events/fuzz-new", room_id="hall", room=ev.Room(
                        display_name="Hall", capacity=50))),
                ("CreateSession", "admin", ev.CreateSessionRequest(
                    parent="events/fuzz-new", session_id="meeting-1", session=ev.Session(
                        number=1, title="Opening", room="events/fuzz-new/rooms/hall",
                        start_time=M.ts("2027-05-10T08:00:00Z"),
                        end_time=M.ts("2027-05-10T10:00:00Z")))),
                ("UpdateSession", "admin", base["EventService/UpdateSession"]),
                ("UpdateEvent", "admin", base["EventService/UpdateEvent"]),
                ("ListSessions", "reader", ev.ListSessionsRequest(parent="events/fuzz-new")),
            ],
        },
        "delegation": {
            "life": [
                ("RegisterDelegation", "admin", base["DelegationService/RegisterDelegation"]),
                ("AccreditDelegation", "admin", dl.AccreditDelegationRequest(
                    name=w.event + "/delegations/fra")),
                ("AddDelegationMember", "focal-point", base["DelegationService/AddDelegationMember"]),
                ("UpdateDelegation", "focal-point", base["DelegationService/UpdateDelegation"]),
                ("RemoveDelegationMember", "admin", base["DelegationService/RemoveDelegationMember"]),
                ("WithdrawDelegation", "focal-point", base["DelegationService/WithdrawDelegation"]),
                ("ListDelegations", "reader", dl.ListDelegationsRequest(parent=w.event)),
            ],
        },
        "round_table": {
            "life": [
                ("CreateRoundTable", "admin", base["RoundTableService/CreateRoundTable"]),
                ("ScheduleRoundTable", "admin", rt.ScheduleRoundTableRequest(
                    name=w.event + "/roundTables/round-table-3",
                    start_time=M.ts("2027-05-10T15:00:00Z"),
                    end_time=M.ts("2027-05-10T17:00:00Z"), room=w.room)),
                ("ListScheduleConflicts", "chair", rt.ListScheduleConflictsRequest(
                    parent=w.event)),
                ("DeleteRoundTable", "admin", base["RoundTableService/DeleteRoundTable"]),
                ("SetRoundTablePreferences", "focal-point", rt.SetRoundTablePreferencesRequest(
                    preferences=rt.RoundTablePreferences(delegation=w.bel, round_tables=[
                        w.event + "/roundTables/round-table-3", w.rt1]))),
                ("AllocateRoundTables", "admin", base["RoundTableService/AllocateRoundTables"]),
                ("ExportSchedule", "focal-point", rt.ExportScheduleRequest(
                    parent=w.event, format=rt.SCHEDULE_FORMAT_ICALENDAR, delegation=w.bel)),
            ],
        },
        "document": {
            "life": [
                ("InsertSection", "chair", base["DocumentService/InsertSection"]),
                ("InsertParagraph", "chair", base["DocumentService/InsertParagraph"]),
                ("MoveParagraph", "chair", base["DocumentService/MoveParagraph"]),
                ("MoveSection", "chair", base["DocumentService/MoveSection"]),
                ("CirculateDocument", "chair", base["DocumentService/CirculateDocument"]),
                ("AddComment", "focal-point", dc.AddCommentRequest(comment=dc.Comment(
                    paragraph=w.paragraph, author=w.bel, text="Belgium supports this."))),
                ("IssueDocument", "admin", dc.IssueDocumentRequest(
                    name=w.summary, symbol="FORUM/2027/1")),
                ("IssueCorrigendum", "admin", dc.IssueCorrigendumRequest(
                    name=w.summary, reason="A date was wrong.", corrections=[
                        dc.ParagraphCorrection(paragraph=w.paragraph,
                                               text="The Chair opened the meeting at 10 a.m.")])),
                ("DiffRevisions", "chair", dc.DiffRevisionsRequest(
                    name=w.summary, from_revision=1, to_revision=12)),
                ("ExportDocument", "reader", dc.ExportDocumentRequest(
                    name=w.summary, format=dc.DOCUMENT_FORMAT_MARKDOWN)),
            ],
        },
        "access": {
            "life": [
                ("CreateToken", "admin", ac.CreateTokenRequest(token=ac.Token(
                    display_name="Focal point of Chile", bindings=[ac.RoleBinding(
                        role=ac.ROLE_FOCAL_POINT, scope=w.chl)]))),
                ("ListTokens", "admin", ac.ListTokensRequest(page_size=2)),
                ("RevokeToken", "admin", ac.RevokeTokenRequest(name=TOKEN_STAND_INS["chair"])),
                ("GetCaller", "chair", ac.GetCallerRequest()),
                ("ListAuditRecords", "admin", ac.ListAuditRecordsRequest(caller="tokens/")),
            ],
        },
        "entity": {
            "life": [
                ("ListEntities", "none", M.entity.ListEntitiesRequest(page_size=1)),
                ("GetEntity", "reader", M.entity.GetEntityRequest(name="entities/chl")),
            ],
        },
    }


def reference_reads(M):
    """Reads of the reference event (the 2006 Dialogue), by service."""
    ev, dl, rt, dc, en = M.event, M.delegation, M.round_table, M.document, M.entity
    hld, summary = "events/hld-2006", "events/hld-2006/documents/chair-summary"
    return {
        "entity": {"hld-2006": [
            ("GetEntity", "reader", en.GetEntityRequest(name="entities/mex")),
            ("ListEntities", "reader", en.ListEntitiesRequest(filter="regional_group = LATIN_AMERICAN_CARIBBEAN"))]},
        "event": {"hld-2006": [
            ("GetEvent", "reader", ev.GetEventRequest(name=hld)),
            ("ListSessions", "reader", ev.ListSessionsRequest(parent=hld)),
            ("ListThemes", "reader", ev.ListThemesRequest(parent=hld, page_size=5)),
            ("ListEvents", "none", ev.ListEventsRequest(filter="kind = HIGH_LEVEL_DIALOGUE"))]},
        "delegation": {"hld-2006": [
            ("ListDelegations", "reader", dl.ListDelegationsRequest(parent=hld))]},
        "round_table": {"hld-2006": [
            ("ListRoundTables", "reader", rt.ListRoundTablesRequest(parent=hld)),
            ("GetRoundTable", "chair", rt.GetRoundTableRequest(
                name=hld + "/roundTables/round-table-1")),
            ("ExportSchedule", "reader", rt.ExportScheduleRequest(
                parent=hld, format=rt.SCHEDULE_FORMAT_ICALENDAR))]},
        "speaker": {"hld-2006": [
            ("ListSpeakerLists", "reader", M.speaker.ListSpeakerListsRequest(parent=hld)),
            ("ExportSpeakerList", "reader", M.speaker.ExportSpeakerListRequest(
                name=hld + "/speakerLists/plenary", format=M.speaker.SPEAKER_LIST_FORMAT_JSON))]},
        "document": {"hld-2006": [
            ("GetDocumentContent", "reader", dc.GetDocumentContentRequest(name=summary)),
            ("ListRevisions", "admin", dc.ListRevisionsRequest(parent=summary, page_size=50)),
            ("DiffRevisions", "admin", dc.DiffRevisionsRequest(
                name=summary, from_revision=1, to_revision=35)),
            ("ExportDocument", "reader", dc.ExportDocumentRequest(
                name=summary, format=dc.DOCUMENT_FORMAT_MARKDOWN))]},
    }


def enum_entries(M):
    """Tag and value bytes of every enum field in the requests, as dictionary entries."""
    def varint(n):
        out = bytearray()
        while True:
            byte = n & 0x7f
            n >>= 7
            if n:
                out.append(byte | 0x80)
            else:
                out.append(byte)
                return bytes(out)

    entries = set()
    seen = set()

    def walk(descriptor, depth):
        if descriptor.full_name in seen or depth > 3:
            return
        seen.add(descriptor.full_name)
        for field in descriptor.fields:
            if field.enum_type is not None:
                tag = varint(field.number << 3)
                for value in field.enum_type.values:
                    entries.add(tag + varint(value.number))
            elif field.message_type is not None:
                walk(field.message_type, depth + 1)

    for module in M.all:
        for service in module.DESCRIPTOR.services_by_name.values():
            for method in service.methods:
                walk(method.input_type, 0)
    return sorted(entries)


def dictionary(M, names):
    words = set(names.values()) | set(TOKEN_STAND_INS.values())
    words |= {"entities/bel", "entities/fra", "entities/chl", "entities/sen", "entities/mex",
              "events/hld-2006", "events/gfmd-2007", "events/hld-2006/documents/chair-summary",
              "events/hld-2006/roundTables/round-table-1", "/delegations/", "/members/",
              "/roundTables/", "/documents/", "/sections/", "/paragraphs/", "/sessions/",
              "/rooms/", "/themes/", "/roundTableRules", "/roundTablePreferences", "tokens/",
              'W/"1"', 'W/"2"', 'W/"0"', "2027-05-10", "2027-05-11", "Europe/Zurich", "UTC",
              "FORUM/2027/1", "A/61/515", " AND ", " = ", "ACCREDITED", "AFRICAN",
              "focal-point", "chair", "reader", "admin"}
    for module in M.all:
        for service in module.DESCRIPTOR.services_by_name.values():
            for method in service.methods:
                for field in method.input_type.fields:
                    words.add(field.name)
                    if field.message_type is not None:
                        for inner in field.message_type.fields:
                            words.add(inner.name)
    lines = ["# The fuzz dictionary: written by make_corpus.py; do not edit by hand."]
    for word in sorted(words):
        lines.append('"%s"' % word.replace("\\", "\\\\").replace('"', '\\"'))
    for entry in enum_entries(M):
        lines.append('"%s"' % "".join("\\x%02x" % b for b in entry))
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fuzz-replay", required=True)
    parser.add_argument("--python-protos", required=True)
    parser.add_argument("--out", default=HERE)
    args = parser.parse_args()

    sys.path.insert(0, args.python_protos)
    import bad_input_test
    M = bad_input_test.load_modules(args.python_protos)
    M.ts = bad_input_test.ts
    bad_input_test.M = M

    world_text = subprocess.run([args.fuzz_replay, "--world"], check=True, capture_output=True,
                                text=True).stdout
    names = dict(line.split("=", 1) for line in world_text.splitlines() if "=" in line)
    names = {k: v for k, v in names.items() if not k.endswith("_token")}
    w = World(names)
    w.etag = EtagFree()

    fuzzed = {service for _, service in SERVICES}
    base = {key: make(w) for key, make in bad_input_test.base_requests().items()
            if key.split("/")[0] in fuzzed}
    # A fixed expiry would lapse one day and turn the seed invalid: the seed sets none.
    base["AccessService/CreateToken"].token.ClearField("expire_time")
    base.update(read_requests(M, w))
    lives = sequences(M, w, base)

    for short, service_name in SERVICES:
        service = None
        for module in M.all:
            service = service or module.DESCRIPTOR.services_by_name.get(service_name)
        index = {m.name: i for i, m in enumerate(service.methods)}
        root = os.path.join(args.out, "corpus", short)
        shutil.rmtree(root, ignore_errors=True)
        os.makedirs(os.path.join(root, "valid"))
        os.makedirs(os.path.join(root, "edge"))

        def write(folder, name, data):
            with open(os.path.join(root, folder, name), "wb") as f:
                f.write(data)

        empty, garbage = [], []
        for method in service.methods:
            key = "%s/%s" % (service_name, method.name)
            if key not in base:
                sys.exit("make_corpus: no valid request for %s" % key)
            body = base[key].SerializeToString()
            i = index[method.name]
            prelude = b"".join(record(index[m], "admin", base["%s/%s" % (service_name, m)]
                                      .SerializeToString())
                               for m in VALID_PRELUDES.get(method.name, []))
            write("valid", method.name, prelude + record(i, "admin", body))
            write("edge", "callers-" + method.name,
                  b"".join(record(i, c, body) for c in ("none", "reader", "focal-point",
                                                        "chair")))
            empty.append(record(i, "admin", b""))
            garbage.append(record(i, "admin", b"\xff\xff\xff\xff\x0f"))
            if "page_size" in method.input_type.fields_by_name:
                for size in (-1, 1, 2**31 - 1):
                    request = type(base[key])()
                    request.CopyFrom(base[key])
                    request.page_size = size
                    write("edge", "page-size-%d-%s" % (size, method.name),
                          record(i, "admin", request.SerializeToString()))
        # An input holds at most MAX_CALLS calls: every RPC gets these bodies, in chunks.
        for start in range(0, len(empty), MAX_CALLS):
            part = start // MAX_CALLS + 1
            write("edge", "empty-bodies-%d" % part, b"".join(empty[start:start + MAX_CALLS]))
            write("edge", "undecodable-bodies-%d" % part,
                  b"".join(garbage[start:start + MAX_CALLS]))
        for name, calls in reference_reads(M).get(short, {}).items():
            write("edge", "reference-" + name,
                  b"".join(record(index[m], c, r.SerializeToString()) for m, c, r in calls))
        for name, calls in lives.get(short, {}).items():
            write("edge", "sequence-" + name,
                  b"".join(record(index[m], c, r.SerializeToString()) for m, c, r in calls))

    with open(os.path.join(args.out, "forum.dict"), "w") as f:
        f.write(dictionary(M, names))
    print("make_corpus: wrote corpus/*/valid, corpus/*/edge and forum.dict under %s" % args.out)


if __name__ == "__main__":
    main()
