// The live floor of a list of speakers: who speaks, the clock counting down, who is next. It is
// driven by the change feed (WatchEvent on the list's floor), so it follows the room without a
// reload; a chair also gets the buttons that run the floor.
import { call, stream } from "../connect.js";
import { enumWord, h, pageShow, showError, status } from "../dom.js";
import { session } from "../app.js";

function clockText(seconds) {
  const sign = seconds < 0 ? "+" : "";
  const s = Math.abs(seconds);
  return `${sign}${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

function mayRunTheFloor(eventName) {
  return (session.caller?.bindings || []).some((b) =>
    b.role === "ROLE_ADMIN" || (b.role === "ROLE_CHAIR" && b.scope === eventName));
}

export async function floorPage(eventId, list) {
  const show = pageShow();
  const eventName = `events/${eventId}`;
  const listName = `${eventName}/speakerLists/${list}`;
  const floorName = `${listName}/floor`;
  const speaker = h("p", { class: "speaker", id: "current-speaker" });
  const detail = h("p", { class: "muted", id: "current-detail" });
  const clock = h("p", { class: "clock", id: "clock", role: "timer", "aria-live": "off" });
  const next = h("ol", { id: "next-speakers" });
  const live = h("p", { class: "muted", id: "live" }, "Connecting to the live feed…");
  const order = h("tbody", { id: "speaking-order" });
  let listTimer = null;
  let floor = null;
  let receivedAt = 0;

  function render() {
    const current = floor?.current;
    speaker.textContent = current ? current.displayName : "Nobody has the floor";
    detail.textContent = current
      ? [current.speakerName, current.speakerTitle, enumWord(current.kind, "STATEMENT_KIND_")]
          .filter(Boolean).join(" · ") + (floor.paused ? " · paused" : "")
      : "";
    tick();
    next.replaceChildren(...(floor?.next || []).map((s) =>
      h("li", {}, [s.displayName, s.speakerName].filter(Boolean).join(" — "))));
  }
  function tick() {
    if (!floor?.current || !floor.current.limitSeconds) {
      clock.textContent = "";
      return;
    }
    const passed = floor.paused ? 0 : Math.floor((Date.now() - receivedAt) / 1000);
    const remaining = (floor.remainingSeconds || 0) - passed;
    clock.textContent = clockText(remaining);
    clock.classList.toggle("over", remaining < 0);
  }
  // The whole list in speaking order; re-read (at most twice a second) when a speaker changes.
  async function readList() {
    try {
      const page = await call("SpeakerService", "ListSpeakers", { parent: listName, pageSize: 500 });
      order.replaceChildren(...(page.speakers || []).map((s) => h("tr", {},
        h("td", {}, String(s.position || "")), h("td", {}, s.displayName),
        h("td", {}, s.speakerName || ""), h("td", {}, enumWord(s.level, "PROTOCOL_RANK_")),
        h("td", {}, enumWord(s.state, "SPEAKER_STATE_")))));
    } catch (error) {
      showError(error);
    }
  }
  function listChanged() {
    if (listTimer === null) {
      listTimer = setTimeout(() => {
        listTimer = null;
        readList();
      }, 500);
    }
  }
  function take(resource) {
    floor = resource;
    receivedAt = Date.now();
    render();
  }

  const chairButtons = mayRunTheFloor(eventName) ? h("p", {},
    ["StartNextSpeaker", "PauseSpeaker", "ResumeSpeaker", "EndSpeaker"].map((method) =>
      h("button", { type: "button", class: method === "StartNextSpeaker" ? "" : "secondary",
                    onclick: async () => {
                      try {
                        take(await call("SpeakerService", method, { speakerList: listName }));
                      } catch (error) {
                        showError(error);
                      }
                    } },
        { StartNextSpeaker: "Next speaker", PauseSpeaker: "Pause", ResumeSpeaker: "Resume",
          EndSpeaker: "End statement" }[method], " "))) : null;

  show(h("h1", {}, `Floor: ${list}`),
    h("p", {}, h("a", { href: `#/events/${eventId}` }, "Programme")),
    h("section", { class: "floor", "aria-labelledby": "current-speaker" }, speaker, detail, clock),
    chairButtons,
    h("h2", {}, "Next"), next, live,
    h("h2", {}, "List of speakers"),
    h("table", {}, h("thead", {}, h("tr", {}, ["Place", "Delegation", "Speaker", "Level",
                                              "State"].map((t) => h("th", { scope: "col" }, t)))),
      order));
  take(await call("SpeakerService", "GetFloor", { name: floorName }));
  await readList();

  const timer = setInterval(tick, 1000);
  const controller = new AbortController();
  (async () => {
    while (!controller.signal.aborted) {
      try {
        await stream("WatchService", "WatchEvent",
          { event: eventName, prefixes: [`speakerLists/${list}/`] }, (response) => {
            live.textContent = `Live · revision ${response.revision}`;
            for (const change of response.changes || []) {
              if (change.name === floorName && change.resource) take(change.resource);
              else if (change.name.startsWith(`${listName}/speakers/`)) listChanged();
            }
          }, controller.signal);
      } catch (error) {
        if (controller.signal.aborted) return;
        if (error.code === "unauthenticated" || error.code === "permission_denied") {
          showError(error);
          return;
        }
        live.textContent = "Reconnecting to the live feed…";
      }
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  })();
  status("");
  return () => {
    controller.abort();
    clearInterval(timer);
    clearTimeout(listTimer);
  };
}
