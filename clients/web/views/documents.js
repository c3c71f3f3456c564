// Documents: the issued ones to read and print, and a chair's drafts to edit paragraph by
// paragraph with their etags. When another drafter changed a paragraph first, both texts are
// shown side by side and nothing typed is lost: keep yours (over theirs) or take theirs.
import { call } from "../connect.js";
import { enumWord, h, pageShow, showError, status } from "../dom.js";
import { session } from "../app.js";

export async function documentsPage(eventId) {
  const show = pageShow();
  const list = await call("DocumentService", "ListDocuments",
                          { parent: `events/${eventId}`, pageSize: 100 });
  const rows = (list.documents || []).map((d) => h("tr", {},
    h("td", {}, h("a", { href: `#/${d.name}` }, d.title)), h("td", {}, d.symbol || ""),
    h("td", {}, enumWord(d.state, "DOCUMENT_STATE_"))));
  show(h("h1", {}, "Documents"),
    h("table", {}, h("thead", {}, h("tr", {}, ["Document", "Symbol", "State"].map((t) =>
      h("th", { scope: "col" }, t)))), h("tbody", {}, rows)));
}

async function content(name) {
  const sections = [];
  let document;
  let pageToken = "";
  do {
    const page = await call("DocumentService", "GetDocumentContent",
                            { name, applyCorrigenda: true, pageToken });
    document = page.document;
    sections.push(...(page.sections || []));
    pageToken = page.nextPageToken || "";
  } while (pageToken);
  return { document, sections };
}

function paragraphEditor(paragraph, onSaved) {
  let etag = paragraph.etag;
  const box = h("textarea", { "aria-label": `Paragraph ${paragraph.index}`,
                              name: paragraph.name }, paragraph.text);
  const holder = h("div", { class: "editor" });
  async function save(text, withEtag) {
    try {
      const saved = await call("DocumentService", "UpdateParagraph", {
        paragraph: { name: paragraph.name, text, etag: withEtag },
        updateMask: "text",
        author: session.caller?.displayName || "",
      });
      etag = saved.etag;
      box.value = saved.text;
      holder.replaceChildren(box, saveButton);
      status("Paragraph saved.");
      onSaved(saved);
    } catch (error) {
      if (error.code !== "aborted") return showError(error);
      try {
        const docName = paragraph.name.split("/paragraphs/")[0];
        conflict(text, findParagraph((await content(docName)).sections, paragraph.name));
      } catch (reading) {
        showError(reading);
      }
    }
  }
  function conflict(mine, theirs) {
    status("Another drafter changed this paragraph since you opened it. Both texts are below; " +
           "nothing you typed is lost.", "error");
    const yours = h("textarea", { "aria-label": "Your text", class: "yours" }, mine);
    holder.replaceChildren(h("div", { class: "conflict" },
      h("section", { "aria-label": "Their text" }, h("h3", {}, "Their text"),
        h("p", { class: "theirs" }, theirs?.text || "(deleted)")),
      h("section", { "aria-label": "Your text" }, h("h3", {}, "Your text"), yours)),
      h("p", {},
        h("button", { type: "button", onclick: () => save(yours.value, theirs?.etag) },
          "Keep my text"), " ",
        h("button", { type: "button", class: "secondary", onclick: () => {
          box.value = theirs?.text || "";
          etag = theirs?.etag;
          holder.replaceChildren(box, saveButton);
          status("Their text taken.");
        } }, "Take their text")));
  }
  const saveButton = h("p", {}, h("button", { type: "button",
                                              onclick: () => save(box.value, etag) }, "Save"));
  holder.append(box, saveButton);
  return holder;
}

function findParagraph(sections, name) {
  for (const s of sections) {
    for (const p of s.paragraphs || []) if (p.name === name) return p;
  }
  return undefined;
}

export async function documentPage(eventId, documentId) {
  const show = pageShow();
  const name = `events/${eventId}/documents/${documentId}`;
  const { document, sections } = await content(name);
  const editable = document.state === "DOCUMENT_STATE_DRAFT";
  const body = sections.map((s) => h("section", {},
    h("h2", {}, s.section.title || ""),
    (s.paragraphs || []).map((p) => editable
      ? paragraphEditor(p, () => {})
      : h("p", {}, p.text))));
  show(h("h1", {}, document.title),
    h("p", { class: "muted" }, [document.symbol, enumWord(document.state, "DOCUMENT_STATE_")]
      .filter(Boolean).join(" · ")),
    editable ? h("p", { class: "muted" }, "Draft: each paragraph saves on its own, with the " +
      "version you opened.") : h("p", {}, h("button", { type: "button", class: "secondary",
                                                         onclick: () => window.print() }, "Print")),
    body);
}
