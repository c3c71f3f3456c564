// document_bench: 8 concurrent drafters editing a 2,000-paragraph document (edits per second,
// conflicts seen) beside the empty-RPC and raw-SQLite baselines of the same run, then the
// Markdown export of that document (time, memory). Prints figures; asserts nothing.
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "bench/forum_requests.h"
#include "bench/harness.h"
#include "bench/load.h"
#include "domain/document_model.h"
#include "domain/names.h"
#include "domain/status_macros.h"
#include "forum/v1/document.grpc.pb.h"
#include "forum/v1/event.grpc.pb.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "services/forum_server.h"
#include "spdlog/spdlog.h"
#include "storage/sqlite/database.h"

namespace forum::bench {
namespace {

long MaxRssKib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

v1::DocumentContent Read(v1::DocumentService::Stub& stub, const std::string& doc) {
  v1::GetDocumentContentRequest request;
  request.set_name(doc);
  v1::DocumentContent content;
  stub.GetDocumentContent(Deadline().get(), request, &content);
  return content;
}

// A fresh forum database in `dir` with the durability asked for.
std::unique_ptr<storage::sqlite::Database> OpenDatabase(const std::string& dir,
                                                        const std::string& durability) {
  storage::sqlite::DatabaseOptions options;
  options.path = dir + "/forum.db";
  options.durability = *storage::sqlite::ParseDurability(durability);
  return *storage::sqlite::Database::Open(options);
}

void Run(double seconds, const std::string& durability, int drafters, int sections,
         int per_section) {
  std::string dir = MakeTempDir();
  auto db = OpenDatabase(dir, durability);
  services::ForumServices services(*db);
  RawStore raw(dir + "/raw.db", durability);
  BaselineServiceImpl baseline(raw, services.access());
  const std::string token = AdminToken(*db);
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  services.AddTo(builder);
  builder.RegisterService(&baseline);
  auto server = builder.BuildAndStart();
  std::string address = "127.0.0.1:" + std::to_string(port);

  // The document: `sections` sections of `per_section` paragraphs, written through the logic,
  // each step in a transaction of its own as a call would make it.
  auto write = [&](auto&& step) { return db->Write(nullptr, step); };
  v1::CreateEventRequest event = OpenEvent("bench-doc", "Benchmark");
  (void)write([&](storage::Tx& tx) { return services.events().CreateEvent(tx, event); });
  v1::CreateDocumentRequest create;
  create.set_parent("events/bench-doc");
  create.set_document_id("summary");
  create.mutable_document()->set_kind(v1::DOCUMENT_KIND_CHAIR_SUMMARY);
  create.mutable_document()->set_title("Benchmark summary");
  (void)write(
      [&](storage::Tx& tx) { return services.documents().Create(tx, "bench-doc", create); });
  const std::string doc = "events/bench-doc/documents/summary";
  const domain::DocRef doc_ref{"bench-doc", "summary"};
  for (int s = 0; s < sections; ++s) {
    v1::InsertSectionRequest section;
    section.set_parent(doc);
    section.mutable_section()->set_title("Section " + std::to_string(s + 1));
    auto made = write(
        [&](storage::Tx& tx) { return services.documents().InsertSection(tx, doc_ref, section); });
    for (int p = 0; p < per_section; ++p) {
      v1::InsertParagraphRequest paragraph;
      paragraph.mutable_paragraph()->set_section(made->name());
      paragraph.mutable_paragraph()->set_text(
          "Participants discussed point " + std::to_string(p + 1) +
          " of this topic at some length, and several delegations described their practice.");
      auto section_ref = domain::ParseDocumentItemName(made->name(), "sections", "section");
      (void)write([&](storage::Tx& tx) {
        return services.documents().InsertParagraph(tx, *section_ref, paragraph);
      });
    }
  }

  std::printf("document_bench: %d drafters, %d paragraphs, %.1f s, durability %s\n", drafters,
              sections * per_section, seconds, durability.c_str());
  Header("Concurrent drafting (in-process server on loopback TCP)");
  std::vector<std::unique_ptr<BaselineService::Stub>> pings(drafters);
  std::vector<std::unique_ptr<v1::DocumentService::Stub>> stubs(drafters);
  std::vector<std::vector<v1::Paragraph>> views(drafters);
  std::vector<std::mt19937> rngs;
  for (int t = 0; t < drafters; ++t) rngs.emplace_back(1000 + t);
  auto connect = [&](int t) {
    auto channel = OwnChannel(address, token);
    pings[t] = BaselineService::NewStub(channel);
    stubs[t] = v1::DocumentService::NewStub(channel);
  };
  auto empty = RunLoad(drafters, seconds, connect, [&](int t, long) {
    Empty in, out;
    grpc::ClientContext c;
    return pings[t]->Ping(&c, in, &out).ok();
  });
  std::atomic<long> conflicts{0};
  auto load_view = [&](int t) {
    views[t].clear();
    v1::DocumentContent content = Read(*stubs[t], doc);
    for (const auto& s : content.sections()) {
      for (const auto& p : s.paragraphs()) views[t].push_back(p);
    }
  };
  auto edits = RunLoad(
      drafters, seconds,
      [&](int t) {
        connect(t);
        load_view(t);
      },
      [&](int t, long i) {
        auto& view = views[t];
        size_t k = rngs[t]() % view.size();
        v1::UpdateParagraphRequest request;
        *request.mutable_paragraph() = view[k];
        request.mutable_paragraph()->set_text(view[k].text().substr(0, 60) + " (edit " +
                                              std::to_string(t) + "." + std::to_string(i) + ")");
        request.set_author("drafter " + std::to_string(t));
        v1::Paragraph out;
        grpc::ClientContext c;
        grpc::Status status = stubs[t]->UpdateParagraph(&c, request, &out);
        if (status.ok()) {
          view[k] = out;
          return true;
        }
        if (status.error_code() == grpc::StatusCode::ABORTED) {
          ++conflicts;
          load_view(t);  // read the other drafter's text, as a person would
          return true;
        }
        return false;
      });
  server->Shutdown();
  auto raw_tx = RunLoad(
      1, seconds, [](int) {}, [&](int, long) { return raw.InsertOne(); });
  std::cout << FormatRow("baseline: empty unary RPC", drafters, empty) << "\n"
            << FormatRow("UpdateParagraph (random paragraph)", drafters, edits) << "\n"
            << FormatRow("baseline: raw SQLite insert tx", 1, raw_tx) << "\n";
  std::printf("conflicts seen (ABORTED, then re-read): %ld of %ld edits\n", conflicts.load(),
              edits.calls);

  Header("Markdown export of the whole document");
  v1::ExportDocumentRequest exp;
  exp.set_name(doc);
  exp.set_format(v1::DOCUMENT_FORMAT_MARKDOWN);
  long before = MaxRssKib();
  size_t bytes = 0;
  auto exports = RunLoad(
      1, seconds, [](int) {},
      [&](int, long) {
        auto out = db->Read(
            [&](storage::Tx& tx) { return services.documents().Export(tx, doc_ref, exp); });
        bytes = out.ok() ? out->content().size() : 0;
        return out.ok();
      });
  std::cout << FormatRow("ExportDocument (logic, no transport)", 1, exports) << "\n";
  std::printf("export size %zu bytes; peak RSS growth during exports %ld KiB\n", bytes,
              MaxRssKib() - before);
  std::filesystem::remove_all(dir);
}

// Per-call latency (median of `calls`, microseconds) of one drafting call, measured by `step`.
double MedianMicros(int calls, const std::function<void()>& step_untimed_before,
                    const std::function<bool()>& step) {
  std::vector<double> micros;
  for (int i = 0; i < calls; ++i) {
    if (step_untimed_before) step_untimed_before();
    auto start = std::chrono::steady_clock::now();
    if (!step()) return -1;
    micros.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
            .count());
  }
  std::sort(micros.begin(), micros.end());
  return micros[micros.size() / 2];
}

// Drafting calls on a section of `small` paragraphs and on one of `large` (each in a document
// of its own, with a revision log as long as its text), one client, through gRPC: the cost of a
// call must not grow with the section or the log. Each figure is a median; the sizes stay fixed
// (an insert is deleted again, untimed; a move goes back and forth).
void RunScaling(const std::string& durability, int small, int large, int calls) {
  std::string dir = MakeTempDir();
  auto db = OpenDatabase(dir, durability);
  services::ForumServices services(*db);
  const std::string token = AdminToken(*db);
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  services.AddTo(builder);
  auto server = builder.BuildAndStart();
  auto stub = v1::DocumentService::NewStub(OwnChannel("127.0.0.1:" + std::to_string(port), token));

  v1::CreateEventRequest event = OpenEvent("bench-scale", "Scaling");
  (void)db->Write(nullptr,
                  [&](storage::Tx& tx) { return services.events().CreateEvent(tx, event); });

  struct Row {
    const char* call;
    double at[2];
  };
  std::vector<Row> rows = {{"InsertParagraph (last)", {}},
                           {"InsertParagraph (middle)", {}},
                           {"UpdateParagraph (middle)", {}},
                           {"MoveParagraph (middle to first and back)", {}}};
  const int sizes[2] = {small, large};
  for (int k = 0; k < 2; ++k) {
    int n = sizes[k];
    std::string id = "doc-" + std::to_string(n);
    domain::DocRef doc{"bench-scale", id};
    v1::CreateDocumentRequest create;
    create.set_parent("events/bench-scale");
    create.set_document_id(id);
    create.mutable_document()->set_kind(v1::DOCUMENT_KIND_CHAIR_SUMMARY);
    create.mutable_document()->set_title("Scaling");
    v1::InsertSectionRequest section;
    section.set_parent(doc.Name());
    section.mutable_section()->set_title("The one section");
    std::string section_name;
    v1::Paragraph middle;
    (void)db->Write(nullptr, [&](storage::Tx& tx) -> absl::Status {
      RETURN_IF_ERROR(services.documents().Create(tx, "bench-scale", create).status());
      ASSIGN_OR_RETURN(auto made, services.documents().InsertSection(tx, doc, section));
      section_name = made.name();
      auto ref = domain::ParseDocumentItemName(section_name, "sections", "section");
      for (int i = 0; i < n; ++i) {
        v1::InsertParagraphRequest p;
        p.mutable_paragraph()->set_section(section_name);
        p.mutable_paragraph()->set_text("Paragraph " + std::to_string(i + 1) +
                                        " of the text, as long as a short paragraph would be.");
        ASSIGN_OR_RETURN(auto made, services.documents().InsertParagraph(tx, *ref, p));
        if (i == n / 2) middle = made;
      }
      return absl::OkStatus();
    });
    if (middle.name().empty()) {
      std::printf("setup failed for %d paragraphs\n", n);
      return;
    }

    v1::Paragraph inserted;
    auto remove = [&] {
      v1::DeleteParagraphRequest del;
      del.set_name(inserted.name());
      v1::DeleteParagraphResponse out;
      grpc::ClientContext c;
      (void)stub->DeleteParagraph(&c, del, &out);
    };
    auto insert_at = [&](int index) {
      return [&, index] {
        v1::InsertParagraphRequest p;
        p.mutable_paragraph()->set_section(section_name);
        p.mutable_paragraph()->set_text("An inserted paragraph.");
        p.set_index(index);
        grpc::ClientContext c;
        return stub->InsertParagraph(&c, p, &inserted).ok();
      };
    };
    bool first = true;
    auto remove_after_first = [&] {
      if (!first) remove();
      first = false;
    };
    rows[0].at[k] = MedianMicros(calls, remove_after_first, insert_at(0));
    remove();
    first = true;
    rows[1].at[k] = MedianMicros(calls, remove_after_first, insert_at(n / 2 + 1));
    remove();
    long edit = 0;
    rows[2].at[k] = MedianMicros(calls, nullptr, [&] {
      v1::UpdateParagraphRequest u;
      *u.mutable_paragraph() = middle;
      u.mutable_paragraph()->set_text("Edited " + std::to_string(++edit) + " times.");
      grpc::ClientContext c;
      return stub->UpdateParagraph(&c, u, &middle).ok();
    });
    bool to_front = true;
    rows[3].at[k] = MedianMicros(calls, nullptr, [&] {
      v1::MoveParagraphRequest m;
      m.set_name(middle.name());
      m.set_index(to_front ? 1 : n / 2 + 1);
      to_front = !to_front;
      grpc::ClientContext c;
      return stub->MoveParagraph(&c, m, &middle).ok();
    });
  }
  server->Shutdown();
  std::printf("\n== Drafting cost against the size of the section (one client, median per call)\n");
  std::printf("%-44s %12s %12s %8s\n", "call", (std::to_string(small) + " par.").c_str(),
              (std::to_string(large) + " par.").c_str(), "ratio");
  for (const auto& row : rows) {
    std::printf("%-44s %10.0f us %10.0f us %7.2fx\n", row.call, row.at[0], row.at[1],
                row.at[0] > 0 ? row.at[1] / row.at[0] : 0.0);
  }
  std::printf("target: every ratio at most 1.20 (durability %s, %d calls each)\n",
              durability.c_str(), calls);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace forum::bench

int main(int argc, char** argv) {
  CLI::App app{"document_bench: concurrent drafting and exports of a large document"};
  double seconds = 3;
  std::string durability = "full";
  int drafters = 8, sections = 20, per_section = 100;
  app.add_option("--seconds", seconds, "Seconds per scenario")->capture_default_str();
  app.add_option("--durability", durability, "full or process")->capture_default_str();
  app.add_option("--drafters", drafters, "Concurrent drafters")->capture_default_str();
  app.add_option("--sections", sections, "Sections")->capture_default_str();
  app.add_option("--paragraphs-per-section", per_section, "Paragraphs per section")
      ->capture_default_str();
  int small = 10, large = 4999, calls = 300;
  bool scaling_only = false;
  app.add_option("--scaling-small", small, "Paragraphs of the small section")
      ->capture_default_str();
  app.add_option("--scaling-large", large,
                 "Paragraphs of the large section (a document holds at most 5,000)")
      ->capture_default_str();
  app.add_option("--scaling-calls", calls, "Calls per figure of the scaling table")
      ->capture_default_str();
  app.add_flag("--scaling-only", scaling_only, "Print only the scaling table");
  CLI11_PARSE(app, argc, argv);
  spdlog::set_level(spdlog::level::err);
  forum::services::EnableStockServices();
  if (!scaling_only) forum::bench::Run(seconds, durability, drafters, sections, per_section);
  forum::bench::RunScaling(durability, small, large, calls);
  return 0;
}
