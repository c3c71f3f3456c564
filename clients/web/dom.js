// Small DOM helpers: elements built from data never go through innerHTML, so no name or text a
// delegation typed can become markup.

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) element.addEventListener(key.slice(2), value);
    else if (key === "text") element.textContent = value;
    else element.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

// A labelled field: <label>Text <input ...></label>.
export function field(label, control) {
  return h("label", {}, label, control);
}

// Navigation: each page opened gets a number, and a page whose data arrives after another was
// opened shows nothing, so a slow page never replaces a newer one.
let navigation = 0;
export function beginNavigation() {
  return ++navigation;
}
export function currentNavigation() {
  return navigation;
}
// What a page calls first, before it waits for anything: its own `show`.
export function pageShow() {
  const mine = navigation;
  return (...nodes) => {
    if (mine === navigation) show(...nodes);
  };
}

export function show(...nodes) {
  const main = document.getElementById("main");
  main.replaceChildren(...nodes.flat(Infinity).filter((n) => n !== null && n !== undefined));
}

export function status(text, kind = "done") {
  const region = document.getElementById("status");
  region.replaceChildren(text ? h("p", { class: kind }, text) : "");
}

// Shows a refusal the way a person reads it: the message, and the fields it names.
export function showError(error) {
  const fields = error.detail?.("forum.v1.BadRequest")?.fieldViolations || [];
  const more = fields.map((v) => `${v.field}: ${v.description}`).join("; ");
  status(`${error.message}${more ? ` (${more})` : ""}`, "error");
}

// A time in the event's own time zone, as delegations read the programme.
export function localTime(timestamp, timeZone, withDate = true) {
  if (!timestamp) return "";
  const options = { timeZone, hour: "2-digit", minute: "2-digit", hour12: false };
  if (withDate) Object.assign(options, { weekday: "short", day: "numeric", month: "short" });
  return new Intl.DateTimeFormat("en-GB", options).format(new Date(timestamp));
}

export function enumWord(value, prefix) {
  if (!value) return "";
  return value.replace(prefix, "").toLowerCase().replaceAll("_", " ");
}

export function formData(form) {
  return Object.fromEntries(new FormData(form).entries());
}
