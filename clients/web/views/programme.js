// An event's programme: its plenary meetings and round tables in the event's own time zone,
// with their rooms, and the lists of speakers to follow live.
import { call } from "../connect.js";
import { enumWord, h, localTime, pageShow } from "../dom.js";
import { session } from "../app.js";

function table(caption, headings, rows) {
  return h("table", {}, h("caption", { class: "muted" }, caption),
    h("thead", {}, h("tr", {}, headings.map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, rows));
}

function isAdmin() {
  return (session.caller?.bindings || []).some((b) => b.role === "ROLE_ADMIN");
}

export async function programmePage(eventId) {
  const show = pageShow();
  const name = `events/${eventId}`;
  const [event, sessions, tables, rooms, lists] = await Promise.all([
    call("EventService", "GetEvent", { name }),
    call("EventService", "ListSessions", { parent: name, pageSize: 100 }),
    call("RoundTableService", "ListRoundTables", { parent: name, pageSize: 100 }),
    call("EventService", "ListRooms", { parent: name, pageSize: 100 }),
    call("SpeakerService", "ListSpeakerLists", { parent: name, pageSize: 100 }),
  ]);
  const zone = event.timeZone || "UTC";
  const roomName = new Map((rooms.rooms || []).map((r) => [r.name, r.displayName]));
  const when = (item) => item.startTime
    ? `${localTime(item.startTime, zone)} – ${localTime(item.endTime, zone, false)}` +
      (item.timesIndicative ? " (indicative)" : "")
    : "not scheduled";
  const meetingRows = (sessions.sessions || []).map((s) => h("tr", {},
    h("td", {}, String(s.number)), h("td", {}, s.title), h("td", {}, when(s)),
    h("td", {}, roomName.get(s.room) || ""), h("td", {}, s.presidingOfficer || "")));
  const tableRows = (tables.roundTables || []).map((t) => h("tr", {},
    h("td", {}, String(t.number)), h("td", {}, t.title), h("td", {}, when(t)),
    h("td", {}, roomName.get(t.room) || ""),
    h("td", {}, (t.coChairs || []).join("; ")),
    h("td", {}, enumWord(t.state, "ROUND_TABLE_STATE_"))));
  const floors = (lists.speakerLists || []).map((l) => {
    const list = l.name.split("/").pop();
    return h("li", {}, h("a", { href: `#/events/${eventId}/floor/${list}` }, l.title || list));
  });
  show(
    h("h1", {}, event.title),
    h("p", {}, h("a", { href: `#/events/${eventId}/documents` }, "Documents"),
      isAdmin() ? [" · ", h("a", { href: `#/events/${eventId}/delegations` },
                            "Delegations to accredit"), " · ",
                   h("a", { href: `#/events/${eventId}/allocation` }, "Round-table allocation")]
                : []),
    h("p", { class: "muted" }, `${event.venue || ""} · ${event.startDate} – ${event.endDate} · ` +
      `times in ${zone}`),
    h("h2", {}, "Plenary meetings"),
    table("Plenary meetings", ["No.", "Meeting", "When", "Room", "Presiding"], meetingRows),
    h("h2", {}, "Round tables"),
    table("Round tables", ["No.", "Round table", "When", "Room", "Co-chairs", "State"], tableRows),
    h("h2", {}, "Lists of speakers"),
    h("ul", {}, floors));
}
