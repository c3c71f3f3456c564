// The gRPC adapter of forum.v1.DocumentService and the document access policy: who may read a
// document in its present state, draft it, comment on it or read its earlier revisions.
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "domain/errors.h"
#include "domain/names.h"
#include "domain/status_macros.h"
#include "services/grpc_services.h"
#include "services/grpc_status.h"
#include "services/paging.h"
#include "services/visibility.h"

namespace forum::services {

Status DocumentGrpcService::CreateDocument(ServerContext* ctx,
                                           const v1::CreateDocumentRequest* request,
                                           v1::Document* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c) { return CreatableIn(c, *request); },
      [&](const Caller&, storage::Tx& tx, const std::string& event) {
        return logic_.Create(tx, event, *request);
      });
}

Status DocumentGrpcService::GetDocument(ServerContext* ctx, const v1::GetDocumentRequest* request,
                                        v1::Document* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return DocumentFor(tx, c, request->name(), "name", domain::DocumentNeed::kRead);
      },
      [&](const Caller&, storage::Tx& tx, const domain::DocRef& ref) {
        return logic_.Get(tx, ref, *request);
      });
}

Status DocumentGrpcService::ListDocuments(ServerContext* ctx,
                                          const v1::ListDocumentsRequest* request,
                                          v1::ListDocumentsResponse* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AnyCaller,
               [&](const Caller& c, storage::Tx& tx) {
                 return logic_.List(tx, *request, [&](const v1::Document& d) {
                   return c.grants.CanRead(domain::FactsOf(d));
                 });
               });
}

Status DocumentGrpcService::UpdateDocument(ServerContext* ctx,
                                           const v1::UpdateDocumentRequest* request,
                                           v1::Document* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return DocumentFor(tx, c, request->document().name(), "document.name",
                           domain::DocumentNeed::kWrite);
      },
      [&](const Caller&, storage::Tx& tx, const domain::DocRef& ref) {
        return logic_.Update(tx, ref, *request);
      });
}

Status DocumentGrpcService::DeleteDocument(ServerContext* ctx,
                                           const v1::DeleteDocumentRequest* request,
                                           v1::DeleteDocumentResponse* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return DocumentFor(tx, c, request->name(), "name", domain::DocumentNeed::kWrite);
      },
      [&](const Caller&, storage::Tx& tx, const domain::DocRef& ref) {
        return logic_.Delete(tx, ref, *request);
      });
}

Status DocumentGrpcService::InsertSection(ServerContext* ctx,
                                          const v1::InsertSectionRequest* request,
                                          v1::Section* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return DocumentFor(tx, c, request->parent(), "parent", domain::DocumentNeed::kWrite);
      },
      [&](const Caller&, storage::Tx& tx, const domain::DocRef& ref) {
        return logic_.InsertSection(tx, ref, *request);
      });
}

Status DocumentGrpcService::UpdateSection(ServerContext* ctx,
                                          const v1::UpdateSectionRequest* request,
                                          v1::Section* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return ItemFor(tx, c, request->section().name(), "sections", "section.name",
                       domain::DocumentNeed::kWrite);
      },
      [&](const Caller&, storage::Tx& tx, const domain::ItemRef& ref) {
        return logic_.UpdateSection(tx, ref, *request);
      });
}

Status DocumentGrpcService::MoveSection(ServerContext* ctx, const v1::MoveSectionRequest* request,
                                        v1::Section* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return ItemFor(tx, c, request->name(), "sections", "name", domain::DocumentNeed::kWrite);
      },
      [&](const Caller&, storage::Tx& tx, const domain::ItemRef& ref) {
        return logic_.MoveSection(tx, ref, *request);
      });
}

Status DocumentGrpcService::DeleteSection(ServerContext* ctx,
                                          const v1::DeleteSectionRequest* request,
                                          v1::DeleteSectionResponse* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return ItemFor(tx, c, request->name(), "sections", "name", domain::DocumentNeed::kWrite);
      },
      [&](const Caller&, storage::Tx& tx, const domain::ItemRef& ref) {
        return logic_.DeleteSection(tx, ref, *request);
      });
}

Status DocumentGrpcService::InsertParagraph(ServerContext* ctx,
                                            const v1::InsertParagraphRequest* request,
                                            v1::Paragraph* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return ItemFor(tx, c, request->paragraph().section(), "sections", "paragraph.section",
                       domain::DocumentNeed::kWrite);
      },
      [&](const Caller&, storage::Tx& tx, const domain::ItemRef& ref) {
        return logic_.InsertParagraph(tx, ref, *request);
      });
}

Status DocumentGrpcService::UpdateParagraph(ServerContext* ctx,
                                            const v1::UpdateParagraphRequest* request,
                                            v1::Paragraph* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return ItemFor(tx, c, request->paragraph().name(), "paragraphs", "paragraph.name",
                       domain::DocumentNeed::kWrite);
      },
      [&](const Caller&, storage::Tx& tx, const domain::ItemRef& ref) {
        return logic_.UpdateParagraph(tx, ref, *request);
      });
}

Status DocumentGrpcService::MoveParagraph(ServerContext* ctx,
                                          const v1::MoveParagraphRequest* request,
                                          v1::Paragraph* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return ItemFor(tx, c, request->name(), "paragraphs", "name", domain::DocumentNeed::kWrite);
      },
      [&](const Caller&, storage::Tx& tx, const domain::ItemRef& ref) {
        return logic_.MoveParagraph(tx, ref, *request);
      });
}

Status DocumentGrpcService::DeleteParagraph(ServerContext* ctx,
                                            const v1::DeleteParagraphRequest* request,
                                            v1::DeleteParagraphResponse* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return ItemFor(tx, c, request->name(), "paragraphs", "name", domain::DocumentNeed::kWrite);
      },
      [&](const Caller&, storage::Tx& tx, const domain::ItemRef& ref) {
        return logic_.DeleteParagraph(tx, ref, *request);
      });
}

Status DocumentGrpcService::GetDocumentContent(ServerContext* ctx,
                                               const v1::GetDocumentContentRequest* request,
                                               v1::DocumentContent* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return ReadableAt(tx, c, request->name(), request->revision());
      },
      [&](const Caller&, storage::Tx& tx, const domain::DocRef& ref) {
        return logic_.GetContent(tx, ref, *request);
      });
}

Status DocumentGrpcService::ListRevisions(ServerContext* ctx,
                                          const v1::ListRevisionsRequest* request,
                                          v1::ListRevisionsResponse* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return DocumentFor(tx, c, request->parent(), "parent", domain::DocumentNeed::kWrite);
      },
      [&](const Caller&, storage::Tx& tx, const domain::DocRef& ref) {
        return logic_.ListRevisions(tx, ref, *request);
      });
}

Status DocumentGrpcService::DiffRevisions(ServerContext* ctx,
                                          const v1::DiffRevisionsRequest* request,
                                          v1::DiffRevisionsResponse* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return DocumentFor(tx, c, request->name(), "name", domain::DocumentNeed::kWrite);
      },
      [&](const Caller&, storage::Tx& tx, const domain::DocRef& ref) {
        return logic_.Diff(tx, ref, *request);
      });
}

Status DocumentGrpcService::CirculateDocument(ServerContext* ctx,
                                              const v1::CirculateDocumentRequest* request,
                                              v1::Document* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return DocumentFor(tx, c, request->name(), "name", domain::DocumentNeed::kWrite);
      },
      [&](const Caller&, storage::Tx& tx, const domain::DocRef& ref) {
        return logic_.Circulate(tx, ref, *request);
      });
}

Status DocumentGrpcService::IssueDocument(ServerContext* ctx,
                                          const v1::IssueDocumentRequest* request,
                                          v1::Document* response) {
  return Serve(ctx, access_, kService, __func__, *request, response, AdminOnly,
               [&](const Caller& c, storage::Tx& tx) { return logic_.Issue(tx, *request); });
}

Status DocumentGrpcService::IssueCorrigendum(ServerContext* ctx,
                                             const v1::IssueCorrigendumRequest* request,
                                             v1::Document* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response, AdminOnly,
      [&](const Caller& c, storage::Tx& tx) { return logic_.IssueCorrigendum(tx, *request); });
}

Status DocumentGrpcService::AddComment(ServerContext* ctx, const v1::AddCommentRequest* request,
                                       v1::Comment* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) { return CommentOn(tx, c, request->comment()); },
      [&](const Caller&, storage::Tx& tx, const domain::ItemRef& paragraph) {
        return logic_.AddComment(tx, paragraph, *request);
      });
}

Status DocumentGrpcService::ListComments(ServerContext* ctx, const v1::ListCommentsRequest* request,
                                         v1::ListCommentsResponse* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return DocumentFor(tx, c, request->parent(), "parent", domain::DocumentNeed::kComment);
      },
      [&](const Caller&, storage::Tx& tx, const domain::DocRef& ref) {
        return logic_.ListComments(tx, ref, *request);
      });
}

Status DocumentGrpcService::CompileDocument(ServerContext* ctx,
                                            const v1::CompileDocumentRequest* request,
                                            v1::Section* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) { return CompilePair(tx, c, *request); },
      [&](const Caller&, storage::Tx& tx, const auto& docs) {
        return logic_.Compile(tx, docs.first, docs.second, *request);
      });
}

Status DocumentGrpcService::ExportDocument(ServerContext* ctx,
                                           const v1::ExportDocumentRequest* request,
                                           v1::ExportDocumentResponse* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return ReadableAt(tx, c, request->name(), request->revision());
      },
      [&](const Caller&, storage::Tx& tx, const domain::DocRef& ref) {
        return logic_.Export(tx, ref, *request);
      });
}

std::optional<domain::DocumentFacts> DocumentGrpcService::FactsToCheck(storage::Tx& tx,
                                                                       const Caller& caller,
                                                                       const domain::DocRef& ref) {
  if (caller.grants.Admin()) return std::nullopt;
  return access_.DocumentFacts(tx, ref.event, ref.doc);
}

absl::StatusOr<domain::DocRef> DocumentGrpcService::DocumentFor(storage::Tx& tx,
                                                                const Caller& caller,
                                                                absl::string_view name,
                                                                absl::string_view field,
                                                                domain::DocumentNeed need) {
  ASSIGN_OR_RETURN(auto ref, domain::ParseDocumentName(name, field));
  RETURN_IF_ERROR(CheckDocumentAccess(access_, tx, caller, ref, need));
  return ref;
}

absl::StatusOr<domain::ItemRef> DocumentGrpcService::ItemFor(storage::Tx& tx, const Caller& caller,
                                                             absl::string_view name,
                                                             absl::string_view collection,
                                                             absl::string_view field,
                                                             domain::DocumentNeed need) {
  ASSIGN_OR_RETURN(auto item, domain::ParseDocumentItemName(name, collection, field));
  RETURN_IF_ERROR(CheckDocumentAccess(access_, tx, caller, item.doc, need));
  return item;
}

absl::StatusOr<domain::DocRef> DocumentGrpcService::ReadableAt(storage::Tx& tx,
                                                               const Caller& caller,
                                                               absl::string_view name,
                                                               int64_t revision) {
  ASSIGN_OR_RETURN(auto ref, domain::ParseDocumentName(name, "name"));
  if (auto facts = FactsToCheck(tx, caller, ref)) {
    RETURN_IF_ERROR(domain::CheckReadAtRevision(caller.grants, *facts, revision, name));
  }
  return ref;
}

absl::StatusOr<std::string> DocumentGrpcService::CreatableIn(const Caller& caller,
                                                             const v1::CreateDocumentRequest& r) {
  ASSIGN_OR_RETURN(auto event, domain::ParseEventName(r.parent(), "parent"));
  domain::DocumentFacts facts;
  facts.event = event;
  facts.document = r.document_id();
  if (!r.document().round_table().empty()) {
    facts.round_table = LastSegment(r.document().round_table());
  }
  RETURN_IF_ERROR(domain::CheckCreateDocument(caller.grants, facts, r.parent()));
  return event;
}

absl::StatusOr<std::pair<domain::DocRef, domain::DocRef>> DocumentGrpcService::CompilePair(
    storage::Tx& tx, const Caller& caller, const v1::CompileDocumentRequest& r) {
  ASSIGN_OR_RETURN(auto target,
                   DocumentFor(tx, caller, r.name(), "name", domain::DocumentNeed::kWrite));
  ASSIGN_OR_RETURN(auto source,
                   DocumentFor(tx, caller, r.source(), "source", domain::DocumentNeed::kRead));
  return std::make_pair(std::move(target), std::move(source));
}

absl::StatusOr<domain::ItemRef> DocumentGrpcService::CommentOn(storage::Tx& tx,
                                                               const Caller& caller,
                                                               const v1::Comment& comment) {
  ASSIGN_OR_RETURN(auto paragraph, domain::ParseDocumentItemName(comment.paragraph(), "paragraphs",
                                                                 "comment.paragraph"));
  if (auto facts = FactsToCheck(tx, caller, paragraph.doc)) {
    RETURN_IF_ERROR(domain::CheckCommentAs(caller.grants, *facts, comment.author()));
  }
  return paragraph;
}

}  // namespace forum::services
