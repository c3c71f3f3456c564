// The secretariat's pages: delegations to accredit, and the round-table allocation (a dry run
// to read, then the same allocation written).
import { call } from "../connect.js";
import { enumWord, h, pageShow, showError, status } from "../dom.js";

export async function accreditationPage(eventId) {
  const show = pageShow();
  const parent = `events/${eventId}`;
  const reload = () => accreditationPage(eventId);
  const list = await call("DelegationService", "ListDelegations", { parent, pageSize: 500 });
  const rows = (list.delegations || []).map((d) => {
    const pending = d.state === "DELEGATION_STATE_PENDING";
    const accredit = pending ? h("button", { type: "button", onclick: async () => {
      try {
        await call("DelegationService", "AccreditDelegation", { name: d.name, etag: d.etag });
        status(`${d.displayName} accredited.`);
      } catch (error) {
        showError(error);
      }
      await reload();
    } }, `Accredit ${d.displayName}`) : "";
    return h("tr", {},
      h("td", {}, d.displayName), h("td", {}, enumWord(d.regionalGroup, "REGIONAL_GROUP_")),
      h("td", {}, d.head?.fullName || ""), h("td", {}, d.credentials?.reference || ""),
      h("td", {}, enumWord(d.state, "DELEGATION_STATE_")), h("td", {}, accredit));
  });
  show(h("h1", {}, "Delegations"),
    h("p", {}, h("a", { href: `#/events/${eventId}/allocation` }, "Round-table allocation")),
    h("table", {}, h("thead", {}, h("tr", {},
      ["Delegation", "Group", "Head", "Credentials", "State", ""].map((t) =>
        h("th", { scope: "col" }, t)))), h("tbody", {}, rows)));
}

function report(result) {
  const tables = (result.tables || []).map((t) => h("tr", {},
    h("td", {}, t.roundTable.split("/").pop()),
    h("td", {}, `${t.participantCount || 0} / ${t.capacity || 0}`),
    h("td", {}, Object.entries(t.regionalMix || {}).map(([g, n]) =>
      `${enumWord(g, "REGIONAL_GROUP_")} ${n}`).join(", "))));
  const choices = (result.choices || []).map((c) => h("li", {},
    `choice ${c.rank || 0}: ${c.delegations || 0} delegation(s)`));
  const unplaced = (result.unplaced || []).map((u) => h("li", {},
    `${u.delegation}: ${u.reason}`));
  return [
    h("p", { id: "allocation-summary" }, `${result.placed || 0} delegation(s) placed` +
      (result.dryRun ? " (dry run: nothing written)" : " and written")),
    h("table", {}, h("thead", {}, h("tr", {}, ["Round table", "Seats", "Regional mix"].map((t) =>
      h("th", { scope: "col" }, t)))), h("tbody", {}, tables)),
    h("h2", {}, "Choices met"), h("ul", {}, choices),
    unplaced.length ? [h("h2", {}, "Not placed"), h("ul", {}, unplaced)] : [],
  ];
}

export async function allocationPage(eventId) {
  const show = pageShow();
  const parent = `events/${eventId}`;
  const result = h("div", { "aria-live": "polite" });
  const run = (dryRun) => async () => {
    try {
      const answer = await call("RoundTableService", "AllocateRoundTables", { parent, dryRun });
      result.replaceChildren(...report(answer).flat());
      status(dryRun ? "Dry run done: read it, then write it." : "Allocation written.");
    } catch (error) {
      showError(error);
    }
  };
  show(h("h1", {}, "Round-table allocation"),
    h("p", {}, "Seats every delegation with preferences, exactly and reproducibly. Run it dry " +
      "first: nothing is written until you choose to write it."),
    h("p", {}, h("button", { type: "button", onclick: run(true) }, "Dry run"), " ",
      h("button", { type: "button", class: "secondary", onclick: run(false) },
        "Write the allocation")),
    result);
}
