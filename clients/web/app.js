// The web client: a token to sign in, then what the token's roles let its holder do. Pages are
// routed by the URL's fragment (#/events/gfmd-2027, ...), so every page has an address.
import { call, hasToken, setToken } from "./connect.js";
import {
  beginNavigation, currentNavigation, enumWord, field, h, pageShow, show, showError, status,
} from "./dom.js";
import { delegationPage } from "./views/delegation.js";
import { documentPage, documentsPage } from "./views/documents.js";
import { floorPage } from "./views/floor.js";
import { programmePage } from "./views/programme.js";
import { accreditationPage, allocationPage } from "./views/secretariat.js";

export const session = { caller: null };

const roleText = {
  ROLE_ADMIN: "Secretariat: everything, in every event",
  ROLE_READER: "Reader: every event's programme and issued documents",
  ROLE_FOCAL_POINT: "Focal point: your delegation, its members, preferences and speakers",
  ROLE_CHAIR: "Chair: the event's lists of speakers and the floor, drafting its summaries",
};

function signInPage() {
  const input = h("input", { name: "token", type: "password", autocomplete: "off", required: true,
                             "aria-describedby": "token-help" });
  const form = h("form", { onsubmit: async (event) => {
    event.preventDefault();
    setToken(input.value.trim());
    if (!(await loadCaller())) {
      setToken("");
    } else if (location.hash === "#/") {
      route();
    } else {
      location.hash = "#/";
    }
  } },
  field("Token", input),
  h("p", { id: "token-help", class: "muted" },
    "The token your secretariat gave you (forum_…). It is kept in this tab only."),
  h("button", { type: "submit" }, "Sign in"));
  show(h("h1", {}, "Sign in"), form);
  input.focus();
}

async function loadCaller() {
  try {
    session.caller = await call("AccessService", "GetCaller", {});
    renderWho();
    status("");
    return true;
  } catch (error) {
    session.caller = null;
    showError(error);
    return false;
  }
}

function renderWho() {
  const who = document.getElementById("who");
  const nav = document.getElementById("nav");
  if (!session.caller) {
    who.replaceChildren();
    nav.replaceChildren();
    return;
  }
  who.replaceChildren(
    h("span", {}, session.caller.displayName, " "),
    h("button", { class: "secondary", type: "button", onclick: () => {
      setToken("");
      session.caller = null;
      renderWho();
      location.hash = "#/";
      route();
    } }, "Sign out"));
  const links = [h("a", { href: "#/" }, "Home")];
  for (const b of session.caller.bindings || []) {
    if (b.role === "ROLE_FOCAL_POINT") {
      const [, event, , entity] = b.scope.split("/");
      links.push(h("a", { href: `#/events/${event}/delegation/${entity}` }, "My delegation"));
    }
  }
  nav.replaceChildren(...links);
}

async function homePage() {
  const show = pageShow();
  const caller = session.caller;
  const roles = h("ul", { class: "roles" }, (caller.bindings || []).map((b) =>
    h("li", {}, roleText[b.role] || enumWord(b.role, "ROLE_"), b.scope ? ` (${b.scope})` : "")));
  const list = await call("EventService", "ListEvents", { pageSize: 50 });
  const rows = (list.events || []).map((e) => h("tr", {},
    h("td", {}, h("a", { href: `#/${e.name}` }, e.title)),
    h("td", {}, e.venue || ""),
    h("td", {}, `${e.startDate} – ${e.endDate}`),
    h("td", {}, enumWord(e.state, "EVENT_STATE_"))));
  show(
    h("h1", {}, `Welcome, ${caller.displayName}`),
    h("h2", {}, "What your token lets you do"), roles,
    h("h2", {}, "Events"),
    h("table", {}, h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Event"),
      h("th", { scope: "col" }, "Venue"), h("th", { scope: "col" }, "Dates"),
      h("th", { scope: "col" }, "State"))), h("tbody", {}, rows)));
}

let leave = null;  // what the current page does when another replaces it (end a stream)

export async function route() {
  const generation = beginNavigation();
  if (leave) {
    leave();
    leave = null;
  }
  status("");
  if (!hasToken()) return signInPage();
  if (!session.caller && !(await loadCaller())) return signInPage();
  if (generation !== currentNavigation()) return;  // left while signing in
  const parts = location.hash.replace(/^#\/?/, "").split("/").filter(Boolean);
  try {
    if (parts[0] === "events" && parts.length === 2) return await programmePage(parts[1]);
    // The addresses in schedule exports name a meeting: it is on its event's programme.
    if (parts[0] === "events" && (parts[2] === "sessions" || parts[2] === "roundTables")) {
      return await programmePage(parts[1]);
    }
    if (parts[0] === "events" && parts[2] === "delegation") {
      return await delegationPage(parts[1], parts[3]);
    }
    if (parts[0] === "events" && parts[2] === "documents") {
      return await (parts[3] ? documentPage(parts[1], parts[3]) : documentsPage(parts[1]));
    }
    if (parts[0] === "events" && parts[2] === "delegations") return await accreditationPage(parts[1]);
    if (parts[0] === "events" && parts[2] === "allocation") return await allocationPage(parts[1]);
    if (parts[0] === "events" && parts[2] === "floor") {
      const stop = await floorPage(parts[1], parts[3] || "plenary");
      // Left while it loaded: its stream must not outlive it.
      if (generation === currentNavigation()) leave = stop;
      else stop();
      return;
    }
    return await homePage();
  } catch (error) {
    if (generation === currentNavigation()) showError(error);
  }
}

// The skip link moves the focus; it is not a page of its own.
document.addEventListener("click", (event) => {
  if (event.target.closest?.("a.skip")) {
    event.preventDefault();
    document.getElementById("main").focus();
  }
});
window.addEventListener("hashchange", route);
window.addEventListener("DOMContentLoaded", route);
