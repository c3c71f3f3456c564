// Reading paged answers: every list command follows `next_page_token` to the end, and document
// content and exports are read page by page, through the helpers here and nowhere else.
//
// Without `--limit` a list prints every item; with `--limit N` it prints at most N and, when
// more exist, says so on stderr, so that a list is never cut short silently.
#ifndef FORUM_CLIENTS_PAGING_H_
#define FORUM_CLIENTS_PAGING_H_

#include <algorithm>
#include <iostream>
#include <string>

#include "CLI/CLI.hpp"
#include "clients/context.h"
#include "grpcpp/support/status.h"

namespace forum::client {

// What a list prints on stderr when `--limit` left items out.
inline constexpr char kMoreMarker[] = "(more: rerun without --limit or with a larger one)";

// Adds `--limit` to a list command; it sets `ctx.limit`.
inline void AddLimitOption(CLI::App* list, Context& ctx) {
  list->add_option("--limit", ctx.limit, "Print at most this many (default: all)")
      ->check(CLI::PositiveNumber);
}

// Calls `rpc(client_context, request, &page)` page after page, passing each page to
// `on_page(page)`, until a page has no `next_page_token` or `on_page` returns false. Returns the
// first failed call's status, or OK.
template <typename Response, typename Request, typename Rpc, typename OnPage>
grpc::Status FollowPages(Context& ctx, Request request, Rpc&& rpc, OnPage&& on_page) {
  while (true) {
    Response page;
    auto call = ctx.NewCall();
    grpc::Status status = rpc(call.get(), request, &page);
    if (!status.ok()) return status;
    std::string next = page.next_page_token();
    if (!on_page(page) || next.empty()) return grpc::Status::OK;
    request.set_page_token(next);
  }
}

// A List call followed to the end (or to `--limit` items), printed as one response: JSON when
// asked, `print(response)` otherwise. `items(response)` is the repeated field of the list.
template <typename Response, typename Request, typename Rpc, typename Items, typename Print>
void RunList(Context& ctx, Request request, Rpc&& rpc, Items&& items, Print&& print) {
  const int limit = ctx.limit;
  request.set_page_size(limit > 0 ? std::min(limit, 1000) : 1000);
  Response all;
  bool first = true;
  bool more = false;
  grpc::Status status = FollowPages<Response>(ctx, request, rpc, [&](Response& page) {
    const bool has_next = !page.next_page_token().empty();
    if (first) {
      all = std::move(page);
      first = false;
    } else {
      auto* from = items(page);
      auto* into = items(all);
      for (auto& item : *from) *into->Add() = std::move(item);
    }
    auto* got = items(all);
    if (limit > 0 && got->size() >= limit) {
      more = got->size() > limit || has_next;
      got->DeleteSubrange(limit, got->size() - limit);
      return false;
    }
    return true;
  });
  if (!status.ok()) {
    ctx.exit_code = ReportError(status);
    return;
  }
  all.clear_next_page_token();
  if (ctx.json()) {
    PrintJson(all);
  } else {
    print(all);
  }
  if (more) std::cerr << kMoreMarker << "\n";
}

}  // namespace forum::client

#endif  // FORUM_CLIENTS_PAGING_H_
