// The gRPC adapter of forum.v1.DocumentService and the document access policy: who may read a
// document in its present state, draft it, comment on it or read its earlier revisions.
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "domain/errors.h"
#include "domain/names.h"
#include "domain/status_macros.h"
#include "services/grpc_services.h"
#include "services/grpc_status.h"
#include "services/paging.h"

namespace forum::services {

Status DocumentGrpcService::CreateDocument(ServerContext* ctx,
                                           const v1::CreateDocumentRequest* request,
                                           v1::Document* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) { return CheckCreate(tx, c, *request); },
      [&](const Caller& c, storage::Tx& tx) { return logic_.Create(tx, *request); });
}

Status DocumentGrpcService::GetDocument(ServerContext* ctx, const v1::GetDocumentRequest* request,
                                        v1::Document* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return CheckDocument(tx, c, request->name(), domain::DocumentNeed::kRead);
      },
      [&](const Caller&, storage::Tx& tx) { return logic_.Get(tx, *request); });
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
        return CheckDocument(tx, c, request->document().name(), domain::DocumentNeed::kWrite);
      },
      [&](const Caller& c, storage::Tx& tx) { return logic_.Update(tx, *request); });
}

Status DocumentGrpcService::DeleteDocument(ServerContext* ctx,
                                           const v1::DeleteDocumentRequest* request,
                                           v1::DeleteDocumentResponse* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return CheckDocument(tx, c, request->name(), domain::DocumentNeed::kWrite);
      },
      [&](const Caller&, storage::Tx& tx) { return logic_.Delete(tx, *request); });
}

Status DocumentGrpcService::InsertSection(ServerContext* ctx,
                                          const v1::InsertSectionRequest* request,
                                          v1::Section* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return CheckDocument(tx, c, request->parent(), domain::DocumentNeed::kWrite);
      },
      [&](const Caller& c, storage::Tx& tx) { return logic_.InsertSection(tx, *request); });
}

Status DocumentGrpcService::UpdateSection(ServerContext* ctx,
                                          const v1::UpdateSectionRequest* request,
                                          v1::Section* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return CheckDocument(tx, c, request->section().name(), domain::DocumentNeed::kWrite);
      },
      [&](const Caller& c, storage::Tx& tx) { return logic_.UpdateSection(tx, *request); });
}

Status DocumentGrpcService::MoveSection(ServerContext* ctx, const v1::MoveSectionRequest* request,
                                        v1::Section* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return CheckDocument(tx, c, request->name(), domain::DocumentNeed::kWrite);
      },
      [&](const Caller& c, storage::Tx& tx) { return logic_.MoveSection(tx, *request); });
}

Status DocumentGrpcService::DeleteSection(ServerContext* ctx,
                                          const v1::DeleteSectionRequest* request,
                                          v1::DeleteSectionResponse* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return CheckDocument(tx, c, request->name(), domain::DocumentNeed::kWrite);
      },
      [&](const Caller& c, storage::Tx& tx) { return logic_.DeleteSection(tx, *request); });
}

Status DocumentGrpcService::InsertParagraph(ServerContext* ctx,
                                            const v1::InsertParagraphRequest* request,
                                            v1::Paragraph* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return CheckDocument(tx, c, request->paragraph().section(), domain::DocumentNeed::kWrite);
      },
      [&](const Caller& c, storage::Tx& tx) { return logic_.InsertParagraph(tx, *request); });
}

Status DocumentGrpcService::UpdateParagraph(ServerContext* ctx,
                                            const v1::UpdateParagraphRequest* request,
                                            v1::Paragraph* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return CheckDocument(tx, c, request->paragraph().name(), domain::DocumentNeed::kWrite);
      },
      [&](const Caller& c, storage::Tx& tx) { return logic_.UpdateParagraph(tx, *request); });
}

Status DocumentGrpcService::MoveParagraph(ServerContext* ctx,
                                          const v1::MoveParagraphRequest* request,
                                          v1::Paragraph* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return CheckDocument(tx, c, request->name(), domain::DocumentNeed::kWrite);
      },
      [&](const Caller& c, storage::Tx& tx) { return logic_.MoveParagraph(tx, *request); });
}

Status DocumentGrpcService::DeleteParagraph(ServerContext* ctx,
                                            const v1::DeleteParagraphRequest* request,
                                            v1::DeleteParagraphResponse* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return CheckDocument(tx, c, request->name(), domain::DocumentNeed::kWrite);
      },
      [&](const Caller& c, storage::Tx& tx) { return logic_.DeleteParagraph(tx, *request); });
}

Status DocumentGrpcService::GetDocumentContent(ServerContext* ctx,
                                               const v1::GetDocumentContentRequest* request,
                                               v1::DocumentContent* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return CheckReadAt(tx, c, request->name(), request->revision());
      },
      [&](const Caller&, storage::Tx& tx) { return logic_.GetContent(tx, *request); });
}

Status DocumentGrpcService::ListRevisions(ServerContext* ctx,
                                          const v1::ListRevisionsRequest* request,
                                          v1::ListRevisionsResponse* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return CheckDocument(tx, c, request->parent(), domain::DocumentNeed::kWrite);
      },
      [&](const Caller&, storage::Tx& tx) { return logic_.ListRevisions(tx, *request); });
}

Status DocumentGrpcService::DiffRevisions(ServerContext* ctx,
                                          const v1::DiffRevisionsRequest* request,
                                          v1::DiffRevisionsResponse* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return CheckDocument(tx, c, request->name(), domain::DocumentNeed::kWrite);
      },
      [&](const Caller&, storage::Tx& tx) { return logic_.Diff(tx, *request); });
}

Status DocumentGrpcService::CirculateDocument(ServerContext* ctx,
                                              const v1::CirculateDocumentRequest* request,
                                              v1::Document* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return CheckDocument(tx, c, request->name(), domain::DocumentNeed::kWrite);
      },
      [&](const Caller& c, storage::Tx& tx) { return logic_.Circulate(tx, *request); });
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
      [&](const Caller& c, storage::Tx& tx) { return CheckComment(tx, c, request->comment()); },
      [&](const Caller&, storage::Tx& tx) { return logic_.AddComment(tx, *request); });
}

Status DocumentGrpcService::ListComments(ServerContext* ctx, const v1::ListCommentsRequest* request,
                                         v1::ListCommentsResponse* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return CheckDocument(tx, c, request->parent(), domain::DocumentNeed::kComment);
      },
      [&](const Caller&, storage::Tx& tx) { return logic_.ListComments(tx, *request); });
}

Status DocumentGrpcService::CompileDocument(ServerContext* ctx,
                                            const v1::CompileDocumentRequest* request,
                                            v1::Section* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) { return CheckCompile(tx, c, *request); },
      [&](const Caller& c, storage::Tx& tx) { return logic_.Compile(tx, *request); });
}

Status DocumentGrpcService::ExportDocument(ServerContext* ctx,
                                           const v1::ExportDocumentRequest* request,
                                           v1::ExportDocumentResponse* response) {
  return Serve(
      ctx, access_, kService, __func__, *request, response,
      [&](const Caller& c, storage::Tx& tx) {
        return CheckReadAt(tx, c, request->name(), request->revision());
      },
      [&](const Caller&, storage::Tx& tx) { return logic_.Export(tx, *request); });
}

// The rules below load what the policy needs to know of a document, in the call's transaction,
// and ask domain/access.h. A malformed name passes (the call answers INVALID_ARGUMENT for it),
// and so does a document that does not exist (the call answers NOT_FOUND).
std::optional<domain::DocumentFacts> DocumentGrpcService::FactsToCheck(storage::Tx& tx,
                                                                       const Caller& caller,
                                                                       absl::string_view name) {
  auto named = domain::DocumentOf(name);
  if (!named || caller.grants.Admin()) return std::nullopt;
  return access_.DocumentFacts(tx, named->event, named->document);
}

absl::Status DocumentGrpcService::CheckDocument(storage::Tx& tx, const Caller& caller,
                                                absl::string_view name, domain::DocumentNeed need) {
  auto facts = FactsToCheck(tx, caller, name);
  if (!facts) return absl::OkStatus();
  return domain::CheckDocumentAccess(caller.grants, *facts, need);
}

absl::Status DocumentGrpcService::CheckReadAt(storage::Tx& tx, const Caller& caller,
                                              absl::string_view name, int64_t revision) {
  auto facts = FactsToCheck(tx, caller, name);
  if (!facts) return absl::OkStatus();
  return domain::CheckReadAtRevision(caller.grants, *facts, revision, name);
}

absl::Status DocumentGrpcService::CheckCreate(storage::Tx& tx, const Caller& caller,
                                              const v1::CreateDocumentRequest& r) {
  auto event = domain::ParseEventName(r.parent(), "parent");
  if (!event.ok()) return absl::OkStatus();
  domain::DocumentFacts facts;
  facts.event = *event;
  facts.document = r.document_id();
  if (!r.document().round_table().empty()) {
    facts.round_table = LastSegment(r.document().round_table());
  }
  return domain::CheckCreateDocument(caller.grants, facts, r.parent());
}

absl::Status DocumentGrpcService::CheckCompile(storage::Tx& tx, const Caller& caller,
                                               const v1::CompileDocumentRequest& r) {
  RETURN_IF_ERROR(CheckDocument(tx, caller, r.name(), domain::DocumentNeed::kWrite));
  return CheckDocument(tx, caller, r.source(), domain::DocumentNeed::kRead);
}

absl::Status DocumentGrpcService::CheckComment(storage::Tx& tx, const Caller& caller,
                                               const v1::Comment& comment) {
  auto facts = FactsToCheck(tx, caller, comment.paragraph());
  if (!facts) return absl::OkStatus();
  return domain::CheckCommentAs(caller.grants, *facts, comment.author());
}

}  // namespace forum::services
