#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/commands.h"
#include "clients/document_editing.h"
#include "clients/draft_watch.h"
#include "clients/paging.h"
#include "clients/table.h"
#include "domain/dates.h"
#include "forum/v1/document.grpc.pb.h"

namespace forum::client {
namespace {

std::string Id(const std::string& name) { return name.substr(name.rfind('/') + 1); }

struct Args {
  std::string event, id, kind = "chair-summary", title, round_table, format = "markdown", file,
                         symbol, reason, paragraph, text, author, section;
  std::vector<std::string> authors, corrections, citations;
  int64_t revision = 0, from = 0, to = 0;
  bool corrected = false;
};

std::string DocName(const Args& a) { return absl::StrCat("events/", a.event, "/documents/", a.id); }

void PrintDocument(const v1::Document& d) {
  std::vector<std::string> corr;
  for (const auto& c : d.corrigenda()) corr.push_back(c.symbol());
  PrintFields(std::cout, {{"name", d.name()},
                          {"title", d.title()},
                          {"kind", EnumWord(v1::DocumentKind_descriptor(), d.kind())},
                          {"state", EnumWord(v1::DocumentState_descriptor(), d.state())},
                          {"symbol", d.symbol()},
                          {"round table", d.round_table()},
                          {"authors", absl::StrJoin(d.authors(), "; ")},
                          {"revision", std::to_string(d.revision())},
                          {"corrigenda", absl::StrJoin(corr, ", ")},
                          {"etag", d.etag()}});
}

void Target(CLI::App* cmd, Args& a) {
  cmd->add_option("event", a.event, "Event id")->required();
  cmd->add_option("document", a.id, "Document id, e.g. chair-summary")->required();
}

// The whole content, read page by page and stitched as the proto says: a section split across
// pages comes again at the head of the next page, and its paragraphs join the ones before.
grpc::Status ReadContent(Context& ctx, v1::DocumentService::Stub& stub,
                         const v1::GetDocumentContentRequest& request, v1::DocumentContent* whole) {
  bool first = true;
  grpc::Status status = FollowPages<v1::DocumentContent>(
      ctx, request,
      [&](auto* call, const auto& req, auto* r) { return stub.GetDocumentContent(call, req, r); },
      [&](v1::DocumentContent& page) {
        if (first) {
          *whole = std::move(page);
          first = false;
          return true;
        }
        auto* sections = whole->mutable_sections();
        for (auto& s : *page.mutable_sections()) {
          if (!sections->empty() &&
              sections->Get(sections->size() - 1).section().name() == s.section().name()) {
            auto* last = sections->Mutable(sections->size() - 1);
            for (auto& p : *s.mutable_paragraphs()) *last->add_paragraphs() = std::move(p);
          } else {
            *sections->Add() = std::move(s);
          }
        }
        return true;
      });
  whole->clear_next_page_token();
  return status;
}

// The whole export: the pieces of every page, concatenated.
grpc::Status ReadExport(Context& ctx, v1::DocumentService::Stub& stub,
                        const v1::ExportDocumentRequest& request,
                        v1::ExportDocumentResponse* whole) {
  bool first = true;
  grpc::Status status = FollowPages<v1::ExportDocumentResponse>(
      ctx, request,
      [&](auto* call, const auto& req, auto* r) { return stub.ExportDocument(call, req, r); },
      [&](v1::ExportDocumentResponse& page) {
        if (first) {
          *whole = std::move(page);
          first = false;
        } else {
          whole->mutable_content()->append(page.content());
        }
        return true;
      });
  whole->clear_next_page_token();
  return status;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Opens the document in $EDITOR (or $VISUAL, or vi) and sends back what changed, each item with
// the etag it had when the file was written. A conflict keeps the drafter's text in a file.
void Edit(Context& ctx, const Args& a) {
  auto stub = v1::DocumentService::NewStub(ctx.Channel());
  v1::GetDocumentContentRequest get;
  get.set_name(DocName(a));
  v1::DocumentContent content;
  grpc::Status status = ReadContent(ctx, *stub, get, &content);
  if (!status.ok()) {
    ctx.exit_code = ReportError(status);
    return;
  }
  std::string original = ToEditable(content);
  // What other drafters change while this one edits, told before anything is sent.
  DraftWatch others(ctx, DocName(a), content);
  std::string path = (std::filesystem::temp_directory_path() /
                      absl::StrCat("forumctl-", a.id, "-r", content.revision(), "-",
                                   static_cast<long>(getpid()), ".md"))
                         .string();
  std::ofstream(path, std::ios::binary) << original;
  const char* editor = std::getenv("EDITOR");
  if (editor == nullptr || *editor == '\0') editor = std::getenv("VISUAL");
  std::string command = absl::StrCat(editor && *editor ? editor : "vi", " '", path, "'");
  if (std::system(command.c_str()) != 0) {
    std::cerr << "error: the editor failed; your text is in " << path << "\n";
    ctx.exit_code = 1;
    return;
  }
  std::string edited = ReadFile(path);
  auto before = ParseEditable(original);
  auto after = ParseEditable(edited);
  std::map<std::string, std::string> old_text;
  for (const auto& item : before) old_text[item.name] = item.text;
  std::map<std::string, int64_t> theirs = others.Changed();
  for (const auto& item : after) {
    auto it = old_text.find(item.name);
    if (it == old_text.end() || theirs.count(item.name) == 0) continue;
    std::cerr << (it->second == item.text ? "note: " : "warning: ") << item.name
              << " was changed by another drafter since you opened the file"
              << (it->second == item.text ? " (you did not change it)"
                                          : "; your version will be refused and kept aside")
              << "\n";
  }
  int sent = 0, conflicts = 0;
  for (const auto& item : after) {
    auto it = old_text.find(item.name);
    if (it == old_text.end() || it->second == item.text) continue;
    auto c = ctx.NewCall();
    if (item.section) {
      v1::UpdateSectionRequest request;
      request.mutable_section()->set_name(item.name);
      request.mutable_section()->set_title(item.text);
      request.mutable_section()->set_etag(item.etag);
      request.set_author(a.author);
      for (const auto& s : content.sections()) {
        if (s.section().name() == item.name)
          request.mutable_section()->set_theme(s.section().theme());
      }
      v1::Section out;
      status = stub->UpdateSection(c.get(), request, &out);
    } else {
      v1::UpdateParagraphRequest request;
      request.mutable_paragraph()->set_name(item.name);
      request.mutable_paragraph()->set_text(item.text);
      request.mutable_paragraph()->set_etag(item.etag);
      request.set_author(a.author);
      for (const auto& s : content.sections()) {
        for (const auto& p : s.paragraphs()) {
          if (p.name() == item.name)
            *request.mutable_paragraph()->mutable_citations() = p.citations();
        }
      }
      v1::Paragraph out;
      status = stub->UpdateParagraph(c.get(), request, &out);
    }
    if (status.ok()) {
      ++sent;
      continue;
    }
    ++conflicts;
    std::string keep =
        absl::StrCat(path.substr(0, path.size() - 3), "-", Id(item.name), ".mine.md");
    std::ofstream(keep, std::ios::binary) << item.text << "\n";
    if (status.error_code() == grpc::StatusCode::ABORTED) {
      std::cerr << "conflict: " << item.name
                << " was changed by someone else since you opened it.\n";
      v1::GetDocumentContentRequest now;
      now.set_name(DocName(a));
      v1::DocumentContent current;
      if (ReadContent(ctx, *stub, now, &current).ok()) {
        for (const auto& s : current.sections()) {
          if (s.section().name() == item.name)
            std::cerr << "  their text: " << s.section().title() << "\n";
          for (const auto& p : s.paragraphs()) {
            if (p.name() == item.name) std::cerr << "  their text: " << p.text() << "\n";
          }
        }
      }
    } else {
      ReportError(status);
    }
    std::cerr << "  your text is kept in " << keep << "\n";
  }
  std::cout << sent << " change(s) sent"
            << (conflicts ? absl::StrCat(", ", conflicts, " refused") : "") << "\n";
  if (conflicts > 0) ctx.exit_code = 1;
  std::filesystem::remove(path);
}

}  // namespace

void AddDocumentCommands(CLI::App& app, Context& ctx) {
  CLI::App* docs = app.add_subcommand("documents", "Chair's summaries and outcome documents");
  docs->require_subcommand(1);
  auto a = std::make_shared<Args>();
  auto stub = [&ctx] { return v1::DocumentService::NewStub(ctx.Channel()); };

  CLI::App* list = docs->add_subcommand("list", "List an event's documents");
  list->add_option("event", a->event, "Event id")->required();
  AddLimitOption(list, ctx);
  list->callback([&ctx, a, stub] {
    v1::ListDocumentsRequest request;
    request.set_parent("events/" + a->event);
    auto s = stub();
    RunList<v1::ListDocumentsResponse>(
        ctx, request,
        [&](auto* call, const auto& req, auto* r) { return s->ListDocuments(call, req, r); },
        [](v1::ListDocumentsResponse& r) { return r.mutable_documents(); },
        [](const v1::ListDocumentsResponse& r) {
          Table table({"ID", "STATE", "SYMBOL", "REVISION", "TITLE"});
          for (const auto& d : r.documents()) {
            table.Add({Id(d.name()), EnumWord(v1::DocumentState_descriptor(), d.state()),
                       d.symbol(), std::to_string(d.revision()), d.title()});
          }
          table.Print(std::cout);
        });
  });

  CLI::App* create = docs->add_subcommand("create", "Create a draft");
  Target(create, *a);
  create->add_option("--title", a->title, "Title")->required();
  create->add_option("--kind", a->kind, "chair-summary, round-table-summary, outcome-document")
      ->capture_default_str();
  create->add_option("--round-table", a->round_table, "Round table id, for its summary");
  create->add_option("--author", a->authors, "An author: officer or delegation (repeat)");
  create->callback([&ctx, a, stub] {
    v1::CreateDocumentRequest request;
    request.set_parent("events/" + a->event);
    request.set_document_id(a->id);
    request.mutable_document()->set_title(a->title);
    request.mutable_document()->set_kind(static_cast<v1::DocumentKind>(
        ParseEnumWord(v1::DocumentKind_descriptor(), a->kind, "--kind")));
    if (!a->round_table.empty()) {
      request.mutable_document()->set_round_table(
          absl::StrCat("events/", a->event, "/roundTables/", a->round_table));
    }
    for (const auto& author : a->authors) request.mutable_document()->add_authors(author);
    auto s = stub();
    RunCall<v1::Document>(
        ctx, [&](auto* call, auto* r) { return s->CreateDocument(call, request, r); },
        PrintDocument);
  });

  CLI::App* show = docs->add_subcommand("show", "Show a document, now or at a revision");
  Target(show, *a);
  show->add_option("--revision", a->revision, "Revision to show (default: latest)");
  show->add_flag("--corrected", a->corrected, "Apply the corrigenda");
  show->callback([&ctx, a, stub] {
    v1::GetDocumentContentRequest request;
    request.set_name(DocName(*a));
    request.set_revision(a->revision);
    request.set_apply_corrigenda(a->corrected);
    v1::DocumentContent c;
    grpc::Status status = ReadContent(ctx, *stub(), request, &c);
    if (!status.ok()) {
      ctx.exit_code = ReportError(status);
      return;
    }
    if (ctx.json()) {
      PrintJson(c);
      return;
    }
    PrintDocument(c.document());
    for (const auto& sec : c.sections()) {
      std::cout << "\n[" << Id(sec.section().name()) << "] " << sec.section().index() << ". "
                << sec.section().title() << "\n";
      for (const auto& p : sec.paragraphs()) {
        std::cout << "  (" << Id(p.name()) << ") " << p.text() << "\n";
      }
    }
  });

  CLI::App* section = docs->add_subcommand("add-section", "Append a section");
  Target(section, *a);
  section->add_option("--title", a->title, "Heading")->required();
  section->add_option("--author", a->author, "Who adds it");
  section->callback([&ctx, a, stub] {
    v1::InsertSectionRequest request;
    request.set_parent(DocName(*a));
    request.mutable_section()->set_title(a->title);
    request.set_author(a->author);
    auto s = stub();
    RunCall<v1::Section>(
        ctx, [&](auto* call, auto* r) { return s->InsertSection(call, request, r); },
        [](const v1::Section& sec) { std::cout << "added " << sec.name() << "\n"; });
  });

  CLI::App* para = docs->add_subcommand("add-paragraph", "Append a paragraph to a section");
  Target(para, *a);
  para->add_option("--section", a->section, "Section number")->required();
  para->add_option("--text", a->text, "Text")->required();
  para->add_option("--author", a->author, "Who adds it");
  para->add_option("--cite", a->citations,
                   "A resource it cites, e.g. events/E/speakerLists/plenary/statements/3 "
                   "(repeatable)");
  para->callback([&ctx, a, stub] {
    v1::InsertParagraphRequest request;
    request.mutable_paragraph()->set_section(DocName(*a) + "/sections/" + a->section);
    request.mutable_paragraph()->set_text(a->text);
    for (const auto& c : a->citations) request.mutable_paragraph()->add_citations(c);
    request.set_author(a->author);
    auto s = stub();
    RunCall<v1::Paragraph>(
        ctx, [&](auto* call, auto* r) { return s->InsertParagraph(call, request, r); },
        [](const v1::Paragraph& p) { std::cout << "added " << p.name() << "\n"; });
  });

  CLI::App* edit = docs->add_subcommand("edit", "Edit the draft in $EDITOR; send what changed");
  Target(edit, *a);
  edit->add_option("--author", a->author, "Who edits, for the revision log");
  edit->callback([&ctx, a] { Edit(ctx, *a); });

  CLI::App* exp = docs->add_subcommand("export", "Export as Markdown or plain text");
  Target(exp, *a);
  exp->add_option("--format", a->format, "markdown or text")
      ->check(CLI::IsMember({"markdown", "text"}))
      ->capture_default_str();
  exp->add_option("--revision", a->revision, "Revision (default: latest)");
  exp->add_option("--file", a->file, "Write to this file");
  exp->callback([&ctx, a, stub] {
    v1::ExportDocumentRequest request;
    request.set_name(DocName(*a));
    request.set_format(a->format == "markdown" ? v1::DOCUMENT_FORMAT_MARKDOWN
                                               : v1::DOCUMENT_FORMAT_TEXT);
    request.set_revision(a->revision);
    v1::ExportDocumentResponse response;
    grpc::Status status = ReadExport(ctx, *stub(), request, &response);
    if (!status.ok()) {
      ctx.exit_code = ReportError(status);
      return;
    }
    if (a->file.empty()) {
      std::cout << response.content();
    } else {
      std::ofstream(a->file, std::ios::binary) << response.content();
      std::cerr << "wrote " << a->file << "\n";
    }
  });

  CLI::App* history = docs->add_subcommand("history", "List the revisions, newest first");
  Target(history, *a);
  AddLimitOption(history, ctx);
  history->callback([&ctx, a, stub] {
    v1::ListRevisionsRequest request;
    request.set_parent(DocName(*a));
    auto s = stub();
    RunList<v1::ListRevisionsResponse>(
        ctx, request,
        [&](auto* call, const auto& req, auto* r) { return s->ListRevisions(call, req, r); },
        [](v1::ListRevisionsResponse& r) { return r.mutable_revisions(); },
        [](const v1::ListRevisionsResponse& r) {
          Table table({"REV", "WHEN (UTC)", "WHO", "CHANGE"});
          for (const auto& rev : r.revisions()) {
            table.Add({std::to_string(rev.number()),
                       domain::FormatInZone(rev.time(), absl::UTCTimeZone()), rev.author(),
                       rev.change()});
          }
          table.Print(std::cout);
        });
  });

  CLI::App* diff = docs->add_subcommand("diff", "What changed between two revisions");
  Target(diff, *a);
  diff->add_option("from", a->from, "Earlier revision")->required();
  diff->add_option("to", a->to, "Later revision (default: latest)");
  AddLimitOption(diff, ctx);
  diff->callback([&ctx, a, stub] {
    v1::DiffRevisionsRequest request;
    request.set_name(DocName(*a));
    request.set_from_revision(a->from);
    request.set_to_revision(a->to);
    auto s = stub();
    RunList<v1::DiffRevisionsResponse>(
        ctx, request,
        [&](auto* call, const auto& req, auto* r) { return s->DiffRevisions(call, req, r); },
        [](v1::DiffRevisionsResponse& r) { return r.mutable_changes(); },
        [](const v1::DiffRevisionsResponse& r) {
          for (const auto& c : r.changes()) {
            std::cout << c.kind() << " " << c.target() << "\n";
            if (!c.before().empty()) std::cout << "- " << c.before() << "\n";
            if (!c.after().empty()) std::cout << "+ " << c.after() << "\n";
          }
        });
  });

  CLI::App* circulate = docs->add_subcommand("circulate", "Open the draft to comments");
  Target(circulate, *a);
  circulate->callback([&ctx, a, stub] {
    v1::CirculateDocumentRequest request;
    request.set_name(DocName(*a));
    auto s = stub();
    RunCall<v1::Document>(
        ctx, [&](auto* call, auto* r) { return s->CirculateDocument(call, request, r); },
        PrintDocument);
  });

  CLI::App* comment = docs->add_subcommand("comment", "Comment on a paragraph");
  Target(comment, *a);
  comment->add_option("--paragraph", a->paragraph, "Paragraph number")->required();
  comment->add_option("--author", a->author, "Who comments, by name");
  comment->add_option("--delegation", a->section, "Or: the commenting delegation's entity code");
  comment->add_option("--text", a->text, "The comment")->required();
  comment->callback([&ctx, a, stub] {
    v1::AddCommentRequest request;
    request.mutable_comment()->set_paragraph(DocName(*a) + "/paragraphs/" + a->paragraph);
    if (a->author.empty() == a->section.empty()) {
      throw CLI::ValidationError("--author", "give either --author or --delegation");
    }
    request.mutable_comment()->set_author(
        a->section.empty() ? a->author
                           : absl::StrCat("events/", a->event, "/delegations/", a->section));
    request.mutable_comment()->set_text(a->text);
    auto s = stub();
    RunCall<v1::Comment>(
        ctx, [&](auto* call, auto* r) { return s->AddComment(call, request, r); },
        [](const v1::Comment& c) { std::cout << "added " << c.name() << "\n"; });
  });

  CLI::App* comments = docs->add_subcommand("comments", "List the comments, oldest first");
  Target(comments, *a);
  AddLimitOption(comments, ctx);
  comments->callback([&ctx, a, stub] {
    v1::ListCommentsRequest request;
    request.set_parent(DocName(*a));
    auto s = stub();
    RunList<v1::ListCommentsResponse>(
        ctx, request,
        [&](auto* call, const auto& req, auto* r) { return s->ListComments(call, req, r); },
        [](v1::ListCommentsResponse& r) { return r.mutable_comments(); },
        [](const v1::ListCommentsResponse& r) {
          for (const auto& c : r.comments()) {
            std::cout << "[" << Id(c.name()) << "] on paragraph " << Id(c.paragraph()) << ", "
                      << c.author() << ", "
                      << domain::FormatInZone(c.create_time(), absl::UTCTimeZone()) << " UTC\n  "
                      << c.text() << "\n";
          }
        });
  });

  CLI::App* issue = docs->add_subcommand("issue", "Issue under a document symbol");
  Target(issue, *a);
  issue->add_option("--symbol", a->symbol, "e.g. A/61/515")->required();
  issue->callback([&ctx, a, stub] {
    v1::IssueDocumentRequest request;
    request.set_name(DocName(*a));
    request.set_symbol(a->symbol);
    auto s = stub();
    RunCall<v1::Document>(
        ctx, [&](auto* call, auto* r) { return s->IssueDocument(call, request, r); },
        PrintDocument);
  });

  CLI::App* corr = docs->add_subcommand("corrigendum", "Record a correction to an issued text");
  Target(corr, *a);
  corr->add_option("--reason", a->reason, "Why")->required();
  corr->add_option("--fix", a->corrections, "PARAGRAPH=corrected text (repeat)")->required();
  corr->callback([&ctx, a, stub] {
    v1::IssueCorrigendumRequest request;
    request.set_name(DocName(*a));
    request.set_reason(a->reason);
    for (const auto& fix : a->corrections) {
      auto eq = fix.find('=');
      if (eq == std::string::npos) throw CLI::ValidationError("--fix", "use PARAGRAPH=text");
      auto* c = request.add_corrections();
      c->set_paragraph(DocName(*a) + "/paragraphs/" + fix.substr(0, eq));
      c->set_text(fix.substr(eq + 1));
    }
    auto s = stub();
    RunCall<v1::Document>(
        ctx, [&](auto* call, auto* r) { return s->IssueCorrigendum(call, request, r); },
        PrintDocument);
  });
}

}  // namespace forum::client
