// rpc_bench: forumd measured from outside. It starts three servers as processes of their own,
// with the same gRPC settings: the real forumd, a server whose RPC does nothing (the transport's
// ceiling) and a server whose RPC commits one durable row in raw SQLite (the ceiling of a server
// that commits each call on its own), and drives all three with the same closed-loop load
// generator (this program: generated stubs over one connection a client, none of forumd's code)
// at 1, 4 and 16 clients. Then raw SQLite transactions without RPC, and forumd's peak memory with
// 10,000 delegations, a 2,000-paragraph document and 200 connections. Prints figures and the
// issue's ratios; asserts nothing.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "bench/forum_requests.h"
#include "bench/harness.h"
#include "bench/load.h"
#include "bench/process.h"
#include "forum/bench/baseline.grpc.pb.h"
#include "forum/v1/delegation.grpc.pb.h"
#include "forum/v1/document.grpc.pb.h"
#include "forum/v1/speaker.grpc.pb.h"

namespace forum::bench {
namespace {

struct Options {
  double seconds = 4;
  std::string durability = "full";
  std::vector<int> clients = {1, 4, 16};
  std::vector<std::string> only;  // scenario names to run; empty: all
  bool memory = true;
  bool callback_baseline = false;  // also the empty RPC on gRPC's callback API
};

// What one client holds: a connection to each server.
struct Client {
  std::unique_ptr<BaselineService::Stub> empty;
  std::unique_ptr<BaselineService::Stub> durable;
  std::unique_ptr<BaselineService::Stub> callback;
  std::unique_ptr<v1::DelegationService::Stub> delegations;
  std::unique_ptr<v1::DocumentService::Stub> documents;
  std::unique_ptr<v1::SpeakerService::Stub> speakers;
};

// Paragraphs a client appends to one section before it moves to the next (a document holds at
// most 5,000).
constexpr int kParagraphsPerSection = 4000;
// Sections each client gets per round, each in a document of its own (a document holds at most
// 5,000 paragraphs): enough for 5,000 inserts a second.
int SectionsPerClient(double seconds) { return static_cast<int>(seconds * 5000 / 4000) + 1; }

class Bench {
 public:
  Bench(const Options& options, const std::string& dir) : options_(options), dir_(dir) {}

  void Run() {
    const std::string d = options_.durability;
    ServerProcess forumd("forumd", FORUMD_PATH,
                         {"--db", dir_ + "/forum.db", "--listen", "127.0.0.1:0", "--log-level",
                          "warn", "--durability", d, "--admin-token-file", dir_ + "/token",
                          "--write-rate", "0", "--read-rate", "0", "--http-listen", "off"},
                         dir_);
    ServerProcess empty("empty", BASELINE_SERVER_PATH, {}, dir_);
    ServerProcess durable("durable-row", BASELINE_SERVER_PATH,
                          {"--db", dir_ + "/raw.db", "--durability", d}, dir_);
    std::ifstream(dir_ + "/token") >> token_;
    forumd_ = forumd.address();
    Setup();
    std::printf("servers: forumd %s (pid %d), empty RPC %s, one durable row %s\n", forumd_.c_str(),
                forumd.pid(), empty.address().c_str(), durable.address().c_str());
    std::unique_ptr<ServerProcess> callback;
    if (options_.callback_baseline) {
      callback = std::make_unique<ServerProcess>("callback", BASELINE_SERVER_PATH,
                                                 std::vector<std::string>{"--callback"}, dir_);
      callback_process_ = callback.get();
      callback_address_ = callback->address();
    }
    Header("Out of process: forumd and the baseline servers, same load generator");
    std::printf("(last column: the server's CPU time per call, user + system, in us)\n");
    forumd_process_ = &forumd;
    empty_process_ = &empty;
    durable_process_ = &durable;
    for (int clients : options_.clients) Round(clients, empty.address(), durable.address());
    RawTransactions();
    if (options_.memory) Memory(forumd);
    Summary();
  }

 private:
  bool Wanted(const std::string& name) const {
    return options_.only.empty() ||
           std::find(options_.only.begin(), options_.only.end(), name) != options_.only.end();
  }

  // Events, delegations to read and update, events enough to register into.
  void Setup() {
    auto channel = OwnChannel(forumd_, token_);
    auto events = v1::EventService::NewStub(channel);
    auto delegations = v1::DelegationService::NewStub(channel);
    codes_ = EntityCodes(*v1::EntityService::NewStub(channel));
    if (codes_.empty()) throw std::runtime_error("forumd lists no Member States");
    CreateOpenEvent(*events, "bench-read");
    for (const auto& code : codes_) {
      v1::Delegation out;
      delegations->RegisterDelegation(Deadline().get(), Registration("bench-read", code), &out);
    }
    if (Wanted("ListSpeakers (50)")) InscribeSpeakers(*v1::SpeakerService::NewStub(channel));
    // Each write event takes one registration a State: 400 take 77,200.
    for (int i = 0; i < 400; ++i) CreateOpenEvent(*events, "bench-w" + std::to_string(i));
    CreateOpenEvent(*events, "bench-doc");
  }

  // The plenary list of bench-read: every Member State at a level of its own, and one in four
  // also for a group, about 240 speakers in protocol order.
  void InscribeSpeakers(v1::SpeakerService::Stub& stub) {
    const v1::ProtocolRank kLevels[] = {v1::PROTOCOL_RANK_HEAD_OF_STATE,
                                        v1::PROTOCOL_RANK_HEAD_OF_GOVERNMENT,
                                        v1::PROTOCOL_RANK_MINISTER, v1::PROTOCOL_RANK_VICE_MINISTER,
                                        v1::PROTOCOL_RANK_PERMANENT_REPRESENTATIVE};
    for (size_t i = 0; i < codes_.size(); ++i) {
      for (bool group : {false, true}) {
        if (group && i % 4 != 0) continue;
        v1::InscribeSpeakerRequest request;
        request.set_parent("events/bench-read/speakerLists/plenary");
        auto* sp = request.mutable_speaker();
        sp->set_delegation("events/bench-read/delegations/" + codes_[i]);
        sp->set_level(kLevels[i % 5]);
        sp->set_speaker_name("Speaker of " + codes_[i]);
        sp->set_speaker_title("Minister for Foreign Affairs");
        if (group) {
          sp->set_kind(v1::STATEMENT_KIND_ON_BEHALF_OF_GROUP);
          sp->set_on_behalf_of("a regional group");
        }
        v1::Speaker out;
        if (!stub.InscribeSpeaker(Deadline().get(), request, &out).ok()) {
          throw std::runtime_error("InscribeSpeaker refused");
        }
      }
    }
  }

  // A new document of `sections` empty sections; returns the sections' names.
  std::vector<std::string> NewSections(v1::DocumentService::Stub& stub, int sections) {
    v1::CreateDocumentRequest create;
    create.set_parent("events/bench-doc");
    create.set_document_id("doc-" + std::to_string(documents_++));
    create.mutable_document()->set_kind(v1::DOCUMENT_KIND_CHAIR_SUMMARY);
    create.mutable_document()->set_title("Benchmark summary");
    v1::Document doc;
    if (!stub.CreateDocument(Deadline().get(), create, &doc).ok()) {
      throw std::runtime_error("CreateDocument refused");
    }
    std::vector<std::string> names;
    for (int s = 0; s < sections; ++s) {
      v1::InsertSectionRequest section;
      section.set_parent(doc.name());
      section.mutable_section()->set_title("Section " + std::to_string(s + 1));
      v1::Section made;
      if (!stub.InsertSection(Deadline().get(), section, &made).ok()) {
        throw std::runtime_error("InsertSection refused");
      }
      names.push_back(made.name());
    }
    return names;
  }

  // One row: the load generator's figures, and the CPU time the server spent per call.
  void Report(const std::string& name, int clients, const LoadResult& r, double cpu_us = 0) {
    std::printf("%s %9.0f\n", FormatRow(name, clients, r).c_str(), cpu_us);
    std::fflush(stdout);
    results_[{name, clients}] = r;
  }

  void Round(int clients, const std::string& empty_address, const std::string& durable_address) {
    std::vector<Client> c(clients);
    auto make = [&](int t) {
      c[t].empty = BaselineService::NewStub(OwnChannel(empty_address));
      c[t].durable = BaselineService::NewStub(OwnChannel(durable_address));
      if (!callback_address_.empty()) {
        c[t].callback = BaselineService::NewStub(OwnChannel(callback_address_));
        Empty in, out;
        c[t].callback->Ping(Deadline().get(), in, &out);
      }
      auto forum = OwnChannel(forumd_, token_);
      c[t].delegations = v1::DelegationService::NewStub(forum);
      c[t].documents = v1::DocumentService::NewStub(forum);
      c[t].speakers = v1::SpeakerService::NewStub(forum);
      // Connect every channel before the clock starts.
      Empty in, out;
      c[t].empty->Ping(Deadline().get(), in, &out);
      c[t].durable->Ping(Deadline().get(), in, &out);
      v1::GetDelegationRequest get;
      get.set_name("events/bench-read/delegations/" + codes_[0]);
      v1::Delegation d;
      c[t].delegations->GetDelegation(Deadline().get(), get, &d);
    };
    auto run = [&](const std::string& name, const std::function<bool(int, long)>& call) {
      if (!Wanted(name)) return;
      const ServerProcess* server = name == "empty RPC"                  ? empty_process_
                                    : name == "one durable row"          ? durable_process_
                                    : name == "empty RPC (callback API)" ? callback_process_
                                                                         : forumd_process_;
      double cpu_before = server->CpuSeconds();
      LoadResult r = RunLoad(clients, options_.seconds, make, call);
      double cpu = server->CpuSeconds() - cpu_before;
      Report(name, clients, r, r.calls > 0 ? 1e6 * cpu / static_cast<double>(r.calls) : 0);
    };
    const size_t n = codes_.size();
    run("empty RPC", [&](int t, long) {
      Empty in, out;
      grpc::ClientContext context;
      return c[t].empty->Ping(&context, in, &out).ok();
    });
    if (!callback_address_.empty()) {
      run("empty RPC (callback API)", [&](int t, long) {
        Empty in, out;
        grpc::ClientContext context;
        return c[t].callback->Ping(&context, in, &out).ok();
      });
    }
    run("GetDelegation", [&](int t, long i) {
      v1::GetDelegationRequest request;
      request.set_name("events/bench-read/delegations/" + codes_[(i * 7 + t) % n]);
      v1::Delegation out;
      grpc::ClientContext context;
      return c[t].delegations->GetDelegation(&context, request, &out).ok();
    });
    run("ListDelegations (50)", [&](int t, long) {
      v1::ListDelegationsRequest request;
      request.set_parent("events/bench-read");
      request.set_page_size(50);
      v1::ListDelegationsResponse out;
      grpc::ClientContext context;
      return c[t].delegations->ListDelegations(&context, request, &out).ok() &&
             out.delegations_size() == 50;
    });
    run("ListSpeakers (50)", [&](int t, long) {
      v1::ListSpeakersRequest request;
      request.set_parent("events/bench-read/speakerLists/plenary");
      request.set_page_size(50);
      v1::ListSpeakersResponse out;
      grpc::ClientContext context;
      return c[t].speakers->ListSpeakers(&context, request, &out).ok() && out.speakers_size() == 50;
    });
    run("one durable row", [&](int t, long) {
      Empty in, out;
      grpc::ClientContext context;
      return c[t].durable->InsertOne(&context, in, &out).ok();
    });
    run("UpdateDelegation", [&](int t, long i) {
      v1::UpdateDelegationRequest request;
      auto* d = request.mutable_delegation();
      // Each client updates delegations of its own, so no two calls race for one row.
      d->set_name("events/bench-read/delegations/" + codes_[(i * clients + t) % n]);
      d->set_notes("Update " + std::to_string(i) + " from client " + std::to_string(t));
      request.mutable_update_mask()->add_paths("notes");
      v1::Delegation out;
      grpc::ClientContext context;
      return c[t].delegations->UpdateDelegation(&context, request, &out).ok();
    });
    run("RegisterDelegation", [&](int t, long) {
      long k = next_registration_++;
      auto request = Registration("bench-w" + std::to_string(k / n), codes_[k % n]);
      v1::Delegation out;
      grpc::ClientContext context;
      return c[t].delegations->RegisterDelegation(&context, request, &out).ok();
    });
    if (Wanted("InsertParagraph")) {
      auto setup = v1::DocumentService::NewStub(OwnChannel(forumd_, token_));
      std::vector<std::vector<std::string>> sections(clients);
      for (int t = 0; t < clients; ++t) {
        for (int k = 0; k < SectionsPerClient(options_.seconds); ++k) {
          sections[t].push_back(NewSections(*setup, 1).front());
        }
      }
      run("InsertParagraph", [&](int t, long i) {
        const auto& mine = sections[t];
        size_t s = static_cast<size_t>(i / kParagraphsPerSection);
        if (s >= mine.size()) return false;
        v1::InsertParagraphRequest request;
        request.mutable_paragraph()->set_section(mine[s]);
        request.mutable_paragraph()->set_text(
            "Paragraph " + std::to_string(i + 1) +
            ", of about the length a paragraph of a chair's summary has in the record.");
        v1::Paragraph out;
        grpc::ClientContext context;
        return c[t].documents->InsertParagraph(&context, request, &out).ok();
      });
    }
  }

  void RawTransactions() {
    if (!Wanted("raw SQLite tx")) return;
    RawStore store(dir_ + "/raw-local.db", options_.durability);
    Report("raw SQLite tx", 1,
           RunLoad(
               1, options_.seconds, [](int) {}, [&](int, long) { return store.InsertOne(); }));
  }

  // 10,000 delegations (the run has registered some already), a 2,000-paragraph document,
  // 200 connections reading; forumd's peak resident memory.
  void Memory(const ServerProcess& forumd) {
    auto channel = OwnChannel(forumd_, token_);
    auto delegations = v1::DelegationService::NewStub(channel);
    auto documents = v1::DocumentService::NewStub(channel);
    const size_t n = codes_.size();
    while (next_registration_ < 10000) {
      long k = next_registration_++;
      v1::Delegation out;
      delegations->RegisterDelegation(
          Deadline().get(), Registration("bench-w" + std::to_string(k / n), codes_[k % n]), &out);
    }
    auto sections = NewSections(*documents, 20);
    for (int p = 0; p < 2000; ++p) {
      v1::InsertParagraphRequest request;
      request.mutable_paragraph()->set_section(sections[p % sections.size()]);
      request.mutable_paragraph()->set_text(std::string(400, 'a' + p % 26));
      v1::Paragraph out;
      documents->InsertParagraph(Deadline().get(), request, &out);
    }
    std::string doc = sections[0].substr(0, sections[0].find("/sections/"));
    constexpr int kConnections = 200;
    std::vector<std::shared_ptr<grpc::Channel>> open;
    for (int i = 0; i < kConnections; ++i) open.push_back(OwnChannel(forumd_, token_));
    std::atomic<int> next{0};
    std::atomic<long> failures{0};
    std::vector<std::thread> readers;
    for (int t = 0; t < 16; ++t) {
      readers.emplace_back([&] {
        for (int k = next++; k < kConnections * 5; k = next++) {
          auto& ch = open[k % kConnections];
          bool ok;
          if (k % 5 == 0) {
            v1::GetDocumentContentRequest request;
            request.set_name(doc);
            v1::DocumentContent out;
            ok = v1::DocumentService::NewStub(ch)
                     ->GetDocumentContent(Deadline().get(), request, &out)
                     .ok();
          } else {
            v1::ListDelegationsRequest request;
            request.set_parent("events/bench-w" + std::to_string(k % 40));
            request.set_page_size(200);
            v1::ListDelegationsResponse out;
            ok = v1::DelegationService::NewStub(ch)
                     ->ListDelegations(Deadline().get(), request, &out)
                     .ok();
          }
          if (!ok) ++failures;
        }
      });
    }
    for (auto& r : readers) r.join();
    peak_mib_ = forumd.StatusKib("VmHWM") / 1024.0;
    std::printf(
        "\nforumd memory: %ld delegations registered, a 2,000-paragraph document, %d connections "
        "open (%ld failed reads): peak RSS %.1f MiB (now %.1f MiB)\n",
        next_registration_.load() + static_cast<long>(n), kConnections, failures.load(), peak_mib_,
        forumd.StatusKib("VmRSS") / 1024.0);
  }

  double Rate(const std::string& name, int clients) const {
    auto it = results_.find({name, clients});
    return it == results_.end() ? 0 : it->second.calls_per_second;
  }

  void Ratio(const std::string& call, const std::string& base, int clients, double target) {
    double a = Rate(call, clients), b = Rate(base, clients);
    if (a <= 0 || b <= 0) return;
    double r = a / b;
    std::printf("%-22s %7d %10.0f %-18s %10.0f %7.0f%% %8.0f%%  %s\n", call.c_str(), clients, a,
                base.c_str(), b, 100 * r, 100 * target, r >= target ? "met" : "NOT MET");
  }

  void Summary() {
    std::printf("\nTargets (issue 12): ratio of calls/s to the baseline at the same clients\n");
    std::printf("%-22s %7s %10s %-18s %10s %8s %9s\n", "call", "clients", "calls/s", "baseline",
                "calls/s", "ratio", "target");
    for (int clients : {1, 16}) Ratio("GetDelegation", "empty RPC", clients, 0.85);
    for (int clients : {1, 16}) Ratio("ListDelegations (50)", "empty RPC", clients, 0.50);
    for (const char* call : {"UpdateDelegation", "RegisterDelegation"}) {
      Ratio(call, "one durable row", 1, 0.85);
      Ratio(call, "one durable row", 16, 2.0);
    }
    for (int clients : {1, 16}) Ratio("ListSpeakers (50)", "empty RPC", clients, 0.50);
    std::printf("\nTail at 16 clients (target p99 <= 3 x p50)\n");
    for (const auto& [key, r] : results_) {
      if (key.second != 16 || r.p50_us <= 0) continue;
      std::printf("%-22s p50 %8.0f us  p99 %8.0f us  p99/p50 %4.1f  %s\n", key.first.c_str(),
                  r.p50_us, r.p99_us, r.p99_us / r.p50_us,
                  r.p99_us <= 3 * r.p50_us ? "met" : "NOT MET");
    }
    if (peak_mib_ > 0) {
      std::printf("\nforumd peak RSS %.1f MiB (target < 100 MiB): %s\n", peak_mib_,
                  peak_mib_ < 100 ? "met" : "NOT MET");
    }
  }

  Options options_;
  std::string dir_;
  std::string forumd_;
  std::string token_;
  std::vector<std::string> codes_;
  std::atomic<long> next_registration_{0};
  int documents_ = 0;
  double peak_mib_ = 0;
  std::map<std::pair<std::string, int>, LoadResult> results_;
  const ServerProcess* forumd_process_ = nullptr;
  const ServerProcess* empty_process_ = nullptr;
  const ServerProcess* durable_process_ = nullptr;
  const ServerProcess* callback_process_ = nullptr;
  std::string callback_address_;
};

}  // namespace
}  // namespace forum::bench

int main(int argc, char** argv) {
  forum::bench::Options options;
  CLI::App app{"rpc_bench: forumd as its own process against baseline servers, same run"};
  app.add_option("--seconds", options.seconds, "Seconds per figure")->capture_default_str();
  app.add_option("--durability", options.durability, "full or process (all servers)")
      ->check(CLI::IsMember({"full", "process"}))
      ->capture_default_str();
  app.add_option("--clients", options.clients, "Concurrent clients to try")->delimiter(',');
  app.add_option("--only", options.only,
                 "Scenarios to run (empty RPC, GetDelegation, ListDelegations (50), ListSpeakers "
                 "(50), one durable "
                 "row, UpdateDelegation, RegisterDelegation, InsertParagraph, raw SQLite tx)")
      ->delimiter(',');
  app.add_flag("!--no-memory", options.memory, "Skip the memory scenario");
  app.add_flag("--callback-baseline", options.callback_baseline,
               "Also measure the empty RPC on gRPC's callback API (a fourth server)");
  CLI11_PARSE(app, argc, argv);
  std::string dir = forum::bench::MakeTempDir();
  std::printf("rpc_bench: %.1f s a figure, durability %s, %u cores\n", options.seconds,
              options.durability.c_str(), std::thread::hardware_concurrency());
  try {
    forum::bench::Bench(options, dir).Run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rpc_bench: %s\n", e.what());
    std::filesystem::remove_all(dir);
    return 1;
  }
  std::filesystem::remove_all(dir);
  return 0;
}
