// An independent client of forumd's HTTP port, built on buf's Connect libraries from npm
// (@connectrpc/connect, @connectrpc/connect-node, @bufbuild/protobuf) and messages generated
// from proto/ by protoc-gen-es. It speaks the Connect protocol in JSON and in binary, and
// gRPC-Web, calls unary methods and follows the change feed, and checks the codes and details
// of refusals. Exits non-zero at the first check that fails.
//
//   node client.mjs --base http://127.0.0.1:PORT --token SECRET --gen DIR --event ID
import assert from "node:assert/strict";
import { parseArgs } from "node:util";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcWebTransport } from "@connectrpc/connect-node";

const { values: args } = parseArgs({
  options: {
    base: { type: "string" },
    token: { type: "string" },
    gen: { type: "string" },
    event: { type: "string" },
  },
});
const gen = (name) => import(`${args.gen}/forum/v1/${name}_pb.js`);
const { EventService, EventKind, EventState } = await gen("event");
const { DelegationService, ProtocolRank } = await gen("delegation");
const { AccessService, Role } = await gen("access");
const { WatchService, WatchEventResponse_Kind, ChangeType } = await gen("watch");
const { ResourceInfoSchema, BadRequestSchema } = await gen("errors");
const { DelegationSchema } = await gen("delegation");
const { anyUnpack } = await import("@bufbuild/protobuf/wkt");

let checks = 0;
function check(what, fn) {
  checks += 1;
  try {
    fn();
  } catch (error) {
    console.error(`FAILED: ${what}`);
    throw error;
  }
}

function bearer(token) {
  return (next) => async (request) => {
    if (token) request.header.set("Authorization", `Bearer ${token}`);
    return next(request);
  };
}

function transports(token) {
  const common = { baseUrl: args.base, httpVersion: "1.1", interceptors: [bearer(token)] };
  return {
    json: createConnectTransport({ ...common }),
    binary: createConnectTransport({ ...common, useBinaryFormat: true }),
    grpcWeb: createGrpcWebTransport({ ...common }),
  };
}

async function refusal(promise) {
  try {
    await promise;
  } catch (error) {
    return ConnectError.from(error);
  }
  assert.fail("the call was answered where a refusal was expected");
}

const admin = transports(args.token);
const anonymous = transports("");

// Unary calls: the same event in JSON, in binary and over gRPC-Web.
const fromJson = await createClient(EventService, admin.json).getEvent({ name: "events/hld-2006" });
const fromBinary = await createClient(EventService, admin.binary).getEvent({
  name: "events/hld-2006",
});
const fromGrpcWeb = await createClient(EventService, admin.grpcWeb).getEvent({
  name: "events/hld-2006",
});
check("the reference event over Connect JSON", () =>
  assert.equal(fromJson.title, "High-level Dialogue on International Migration and Development"),
);
check("JSON, binary and gRPC-Web give the same event", () => {
  assert.equal(fromBinary.title, fromJson.title);
  assert.equal(fromGrpcWeb.etag, fromJson.etag);
  assert.equal(fromBinary.kind, EventKind.HIGH_LEVEL_DIALOGUE);
});

// A write: an event open for registration, then a delegation registered in it.
const events = createClient(EventService, admin.json);
const event = `events/${args.event}`;
await events.createEvent({
  eventId: args.event,
  event: {
    title: "Consultation reached from a browser",
    kind: EventKind.CONSULTATION,
    venue: "Geneva",
    timeZone: "Europe/Zurich",
    startDate: "2027-05-10",
    endDate: "2027-05-11",
    state: EventState.OPEN_FOR_REGISTRATION,
  },
});

// Follow the event's delegations on the change feed while one registers.
const watch = new AbortController();
const seen = [];
let current;
const caughtUp = new Promise((resolve) => (current = resolve));
const following = (async () => {
  const feed = createClient(WatchService, admin.json);
  try {
    for await (const response of feed.watchEvent(
      { event, prefixes: ["delegations/"] },
      { signal: watch.signal },
    )) {
      if (response.kind === WatchEventResponse_Kind.CURRENT) current();
      for (const change of response.changes) seen.push(change);
      if (seen.some((c) => c.type === ChangeType.CREATED)) break;
    }
  } catch (error) {
    if (ConnectError.from(error).code !== Code.Canceled) throw error;
  }
})();
await caughtUp;

const delegations = createClient(DelegationService, admin.binary);
const registration = {
  parent: event,
  delegation: {
    entity: "entities/bel",
    head: { fullName: "Minister of Foreign Affairs", rank: ProtocolRank.MINISTER },
    contactEmail: "focal@example.org",
  },
  requestId: "connect-e2e-1",
};
const registered = await delegations.registerDelegation(registration);
check("a registration over Connect binary", () => {
  assert.equal(registered.name, `${event}/delegations/bel`);
  assert.equal(registered.displayName, "Belgium");
});
const timer = setTimeout(() => watch.abort(), 20000);
await following;
clearTimeout(timer);
check("the change feed streamed the registration", () => {
  const created = seen.find((c) => c.type === ChangeType.CREATED);
  assert.ok(created, `changes seen: ${JSON.stringify(seen.map((c) => c.name))}`);
  assert.equal(created.name, registered.name);
  const delegation = anyUnpack(created.resource, DelegationSchema);
  assert.equal(delegation.contactEmail, "focal@example.org");
});
const again = await delegations.registerDelegation(registration);
check("a retry with the same request id registers nothing new", () =>
  assert.equal(again.registrationTime.seconds, registered.registrationTime.seconds),
);

// Refusals: the codes and details that gRPC clients get.
const missing = await refusal(events.getEvent({ name: "events/none" }));
check("NOT_FOUND with its ResourceInfo", () => {
  assert.equal(missing.code, Code.NotFound);
  const [info] = missing.findDetails(ResourceInfoSchema);
  assert.equal(info.resourceName, "events/none");
});
const invalid = await refusal(
  delegations.registerDelegation({ parent: event, delegation: { entity: "entities/fra" } }),
);
check("INVALID_ARGUMENT names the field", () => {
  assert.equal(invalid.code, Code.InvalidArgument);
  const [bad] = invalid.findDetails(BadRequestSchema);
  assert.ok(bad.fieldViolations.some((v) => v.field.startsWith("delegation.head")));
});
const conflict = await refusal(
  delegations.updateDelegation({
    delegation: { name: registered.name, notes: "late", etag: 'W/"0"' },
    updateMask: { paths: ["notes"] },
  }),
);
check("a stale etag is ABORTED", () => assert.equal(conflict.code, Code.Aborted));
const unauthenticated = await refusal(
  createClient(EventService, anonymous.json).getEvent({ name: "events/hld-2006" }),
);
check("no token is UNAUTHENTICATED", () => assert.equal(unauthenticated.code, Code.Unauthenticated));
const anonymousWeb = await refusal(
  createClient(EventService, anonymous.grpcWeb).getEvent({ name: "events/hld-2006" }),
);
check("no token over gRPC-Web is UNAUTHENTICATED", () =>
  assert.equal(anonymousWeb.code, Code.Unauthenticated),
);

// A reader's token, made over HTTP, may read and not write.
const made = await createClient(AccessService, admin.json).createToken({
  token: { displayName: "Observer over HTTP", bindings: [{ role: Role.READER }] },
});
const reader = transports(made.secret);
const read = await createClient(EventService, reader.json).getEvent({ name: event });
check("a reader reads", () => assert.equal(read.name, event));
const denied = await refusal(
  createClient(DelegationService, reader.json).registerDelegation({
    parent: event,
    delegation: { entity: "entities/fra", head: { fullName: "Minister", rank: ProtocolRank.MINISTER } },
  }),
);
check("a reader's write is PERMISSION_DENIED", () =>
  assert.equal(denied.code, Code.PermissionDenied),
);
const deniedFeed = await refusal(
  (async () => {
    for await (const _ of createClient(WatchService, anonymous.json).watchEvent({ event })) {
      // never reached
    }
  })(),
);
check("a watch without a token ends UNAUTHENTICATED", () =>
  assert.equal(deniedFeed.code, Code.Unauthenticated),
);

console.log(JSON.stringify({ checks, delegation: registered.name, reader: made.token.name }));
