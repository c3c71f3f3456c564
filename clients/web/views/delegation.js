// A focal point's delegation: registering it, updating it with its etag, its members, its
// round-table preferences, inscribing its speaker and its own calendar.
import { call } from "../connect.js";
import { enumWord, field, formData, h, pageShow, showError, status } from "../dom.js";

const ranks = [
  "HEAD_OF_STATE", "VICE_PRESIDENT_OR_CROWN_PRINCE", "HEAD_OF_GOVERNMENT",
  "DEPUTY_HEAD_OF_GOVERNMENT", "MINISTER", "VICE_MINISTER", "PERMANENT_REPRESENTATIVE", "OTHER",
];

function rankSelect(name, selected) {
  return h("select", { name, required: true },
    ranks.map((r) => h("option", { value: `PROTOCOL_RANK_${r}`,
                                   selected: selected === `PROTOCOL_RANK_${r}` },
      enumWord(r, ""))));
}

function input(name, attributes = {}) {
  return h("input", { name, ...attributes });
}

function submitting(handler) {
  return async (event) => {
    event.preventDefault();
    const button = event.target.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    try {
      await handler(formData(event.target), event.target);
    } catch (error) {
      showError(error);
    } finally {
      if (button) button.disabled = false;
    }
  };
}

function registrationForm(eventName, entity, reload) {
  return h("form", { "aria-labelledby": "register-heading", onsubmit: submitting(async (f) => {
    await call("DelegationService", "RegisterDelegation", {
      parent: eventName,
      requestId: crypto.randomUUID(),
      delegation: {
        entity: `entities/${entity}`,
        head: { fullName: f.headName, title: f.headTitle, rank: f.rank },
        contactEmail: f.email,
        credentials: f.credentials ? { reference: f.credentials } : undefined,
      },
    });
    status("Registered. The secretariat will accredit the delegation.");
    await reload();
  }) },
  h("h2", { id: "register-heading" }, "Register the delegation"),
  field("Head of delegation", input("headName", { required: true, autocomplete: "name" })),
  field("Title", input("headTitle")),
  field("Rank", rankSelect("rank", "PROTOCOL_RANK_MINISTER")),
  field("Contact e-mail", input("email", { type: "email", required: true, autocomplete: "email" })),
  field("Credentials reference (note verbale)", input("credentials")),
  h("button", { type: "submit" }, "Register"));
}

function updateForm(delegation, reload) {
  return h("form", { "aria-labelledby": "update-heading", onsubmit: submitting(async (f) => {
    try {
      await call("DelegationService", "UpdateDelegation", {
        delegation: {
          name: delegation.name,
          etag: delegation.etag,
          head: { fullName: f.headName, title: f.headTitle, rank: f.rank },
          contactEmail: f.email,
          notes: f.notes,
        },
        updateMask: "head,contactEmail,notes",
      });
      status("Saved.");
    } catch (error) {
      if (error.code !== "aborted") throw error;
      status("Someone changed the delegation since you opened it; it is shown as it stands " +
             "now. Make your change again.", "error");
    }
    await reload();
  }) },
  h("h2", { id: "update-heading" }, "Update"),
  field("Head of delegation", input("headName", { required: true,
                                                  value: delegation.head?.fullName || "" })),
  field("Title", input("headTitle", { value: delegation.head?.title || "" })),
  field("Rank", rankSelect("rank", delegation.head?.rank)),
  field("Contact e-mail", input("email", { type: "email", value: delegation.contactEmail || "" })),
  field("Notes for the secretariat", h("textarea", { name: "notes" }, delegation.notes || "")),
  h("button", { type: "submit" }, "Save"));
}

async function membersSection(delegation, reload) {
  const list = await call("DelegationService", "ListDelegationMembers",
                          { parent: delegation.name, pageSize: 100 });
  const rows = (list.members || []).map((m) => h("tr", {},
    h("td", {}, m.person?.fullName || ""), h("td", {}, m.person?.title || ""),
    h("td", {}, m.role || "")));
  return [
    h("h2", {}, "Members"),
    h("table", {}, h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Name"),
      h("th", { scope: "col" }, "Title"), h("th", { scope: "col" }, "Role"))),
      h("tbody", {}, rows)),
    h("form", { "aria-label": "Add a member", onsubmit: submitting(async (f) => {
      await call("DelegationService", "AddDelegationMember", {
        parent: delegation.name,
        member: { person: { fullName: f.memberName, title: f.memberTitle }, role: f.role },
      });
      status(`${f.memberName} added.`);
      await reload();
    }) },
    field("Member's name", input("memberName", { required: true })),
    field("Title", input("memberTitle")),
    field("Role in the delegation", input("role", { placeholder: "adviser" })),
    h("button", { type: "submit" }, "Add member")),
  ];
}

async function preferencesSection(eventName, delegation) {
  const [tables, current] = await Promise.all([
    call("RoundTableService", "ListRoundTables", { parent: eventName, pageSize: 100 }),
    call("RoundTableService", "GetRoundTablePreferences", { delegation: delegation.name })
      .catch(() => ({ roundTables: [] })),
  ]);
  const options = tables.roundTables || [];
  if (options.length === 0) return [];
  const chosen = current.roundTables || [];
  const choice = (i) => field(`Choice ${i + 1}`, h("select", { name: `choice${i}` },
    h("option", { value: "" }, "—"),
    options.map((t) => h("option", { value: t.name, selected: chosen[i] === t.name },
      `${t.number}. ${t.title}`))));
  return [
    h("h2", {}, "Round-table preferences"),
    h("form", { "aria-label": "Round-table preferences", onsubmit: submitting(async (f) => {
      const picked = Object.keys(f).sort().map((k) => f[k]).filter(Boolean);
      await call("RoundTableService", "SetRoundTablePreferences", {
        preferences: { delegation: delegation.name, roundTables: picked },
      });
      status("Preferences saved.");
    }) },
    options.slice(0, 3).map((_, i) => choice(i)),
    h("button", { type: "submit" }, "Save preferences")),
  ];
}

function speakerSection(eventName, delegation) {
  return [
    h("h2", {}, "Inscribe a speaker (plenary)"),
    h("form", { "aria-label": "Inscribe a speaker", onsubmit: submitting(async (f) => {
      const speaker = await call("SpeakerService", "InscribeSpeaker", {
        parent: `${eventName}/speakerLists/plenary`,
        requestId: crypto.randomUUID(),
        speaker: {
          delegation: delegation.name, speakerName: f.speakerName, speakerTitle: f.speakerTitle,
          level: f.level, kind: "STATEMENT_KIND_NATIONAL", language: f.language || "en",
        },
      });
      status(`Inscribed: ${speaker.speakerName}, place ${speaker.position} on the list.`);
    }) },
    field("Speaker", input("speakerName", { required: true })),
    field("Title", input("speakerTitle")),
    field("Level", rankSelect("level", delegation.head?.rank)),
    field("Language", input("language", { value: "en", size: 4 })),
    h("button", { type: "submit" }, "Inscribe")),
  ];
}

function calendarLink(eventName, delegation) {
  const link = h("a", { href: "#", onclick: async (event) => {
    event.preventDefault();
    try {
      const file = await call("RoundTableService", "ExportSchedule", {
        parent: eventName, format: "SCHEDULE_FORMAT_ICALENDAR", delegation: delegation.name,
      });
      const url = URL.createObjectURL(new Blob([file.content], { type: file.contentType }));
      const save = h("a", { href: url, download: file.fileName });
      document.body.append(save);
      save.click();
      save.remove();
      URL.revokeObjectURL(url);
    } catch (error) {
      showError(error);
    }
  } }, "Download your delegation's calendar (iCalendar)");
  return h("p", {}, link);
}

export async function delegationPage(eventId, entity) {
  const show = pageShow();
  const eventName = `events/${eventId}`;
  const name = `${eventName}/delegations/${entity}`;
  const reload = () => delegationPage(eventId, entity);
  const event = await call("EventService", "GetEvent", { name: eventName });
  let delegation;
  try {
    delegation = await call("DelegationService", "GetDelegation", { name });
  } catch (error) {
    if (error.code !== "not_found") throw error;
    show(h("h1", {}, `${event.title}: your delegation`),
      h("p", {}, "Your delegation is not registered yet."),
      registrationForm(eventName, entity, reload));
    return;
  }
  show(
    h("h1", {}, `${delegation.displayName} at ${event.title}`),
    h("dl", {},
      h("dt", {}, "State"), h("dd", { id: "delegation-state" },
        enumWord(delegation.state, "DELEGATION_STATE_")),
      h("dt", {}, "Head"), h("dd", {}, `${delegation.head?.fullName || ""} ` +
        `(${enumWord(delegation.head?.rank, "PROTOCOL_RANK_")})`),
      h("dt", {}, "Contact"), h("dd", {}, delegation.contactEmail || "")),
    calendarLink(eventName, delegation),
    updateForm(delegation, reload),
    ...(await membersSection(delegation, reload)),
    ...(await preferencesSection(eventName, delegation)),
    ...speakerSection(eventName, delegation));
}
