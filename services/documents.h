// The logic of forum.v1.DocumentService: drafting with per-section and per-paragraph etags,
// the revision log, the lifecycle from draft to issue and corrigenda, comments, compilation
// and exports.
#ifndef FORUM_SERVICES_DOCUMENTS_H_
#define FORUM_SERVICES_DOCUMENTS_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "domain/names.h"
#include "forum/v1/document.pb.h"
#include "storage/database.h"

namespace forum::services {

// A method that takes a reference (`ref`, `item`, `section`, `target`, `source`, `event_id`) takes
// the request's name already parsed, by the access rule that checked it: the request's own copy
// of that name is not read again.
class Documents {
 public:
  absl::StatusOr<v1::Document> Create(storage::Tx& tx, const std::string& event_id,
                                      const v1::CreateDocumentRequest& r);
  absl::StatusOr<v1::Document> Get(storage::Tx& tx, const domain::DocRef& ref,
                                   const v1::GetDocumentRequest& r);
  // Lists the documents for which `visible` holds (all of them when it is not given).
  absl::StatusOr<v1::ListDocumentsResponse> List(
      storage::Tx& tx, const v1::ListDocumentsRequest& r,
      std::function<bool(const v1::Document&)> visible = nullptr);
  absl::StatusOr<v1::Document> Update(storage::Tx& tx, const domain::DocRef& ref,
                                      const v1::UpdateDocumentRequest& r);
  absl::StatusOr<v1::DeleteDocumentResponse> Delete(storage::Tx& tx, const domain::DocRef& ref,
                                                    const v1::DeleteDocumentRequest& r);
  absl::StatusOr<v1::Section> InsertSection(storage::Tx& tx, const domain::DocRef& ref,
                                            const v1::InsertSectionRequest& r);
  absl::StatusOr<v1::Section> UpdateSection(storage::Tx& tx, const domain::ItemRef& item,
                                            const v1::UpdateSectionRequest& r);
  absl::StatusOr<v1::Section> MoveSection(storage::Tx& tx, const domain::ItemRef& item,
                                          const v1::MoveSectionRequest& r);
  absl::StatusOr<v1::DeleteSectionResponse> DeleteSection(storage::Tx& tx,
                                                          const domain::ItemRef& item,
                                                          const v1::DeleteSectionRequest& r);
  absl::StatusOr<v1::Paragraph> InsertParagraph(storage::Tx& tx, const domain::ItemRef& section,
                                                const v1::InsertParagraphRequest& r);
  absl::StatusOr<v1::Paragraph> UpdateParagraph(storage::Tx& tx, const domain::ItemRef& item,
                                                const v1::UpdateParagraphRequest& r);
  absl::StatusOr<v1::Paragraph> MoveParagraph(storage::Tx& tx, const domain::ItemRef& item,
                                              const v1::MoveParagraphRequest& r);
  absl::StatusOr<v1::DeleteParagraphResponse> DeleteParagraph(storage::Tx& tx,
                                                              const domain::ItemRef& item,
                                                              const v1::DeleteParagraphRequest& r);
  // One section or paragraph as it stands (the change feed reads them): NOT_FOUND when gone.
  absl::StatusOr<v1::Section> GetSection(storage::Tx& tx, const domain::ItemRef& item);
  absl::StatusOr<v1::Paragraph> GetParagraph(storage::Tx& tx, const domain::ItemRef& item);
  absl::StatusOr<v1::DocumentContent> GetContent(storage::Tx& tx, const domain::DocRef& ref,
                                                 const v1::GetDocumentContentRequest& r);
  absl::StatusOr<v1::ListRevisionsResponse> ListRevisions(storage::Tx& tx,
                                                          const domain::DocRef& ref,
                                                          const v1::ListRevisionsRequest& r);
  absl::StatusOr<v1::DiffRevisionsResponse> Diff(storage::Tx& tx, const domain::DocRef& ref,
                                                 const v1::DiffRevisionsRequest& r);
  absl::StatusOr<v1::Document> Circulate(storage::Tx& tx, const domain::DocRef& ref,
                                         const v1::CirculateDocumentRequest& r);
  absl::StatusOr<v1::Document> Issue(storage::Tx& tx, const v1::IssueDocumentRequest& r);
  absl::StatusOr<v1::Document> IssueCorrigendum(storage::Tx& tx,
                                                const v1::IssueCorrigendumRequest& r);
  absl::StatusOr<v1::Comment> AddComment(storage::Tx& tx, const domain::ItemRef& item,
                                         const v1::AddCommentRequest& r);
  absl::StatusOr<v1::ListCommentsResponse> ListComments(storage::Tx& tx, const domain::DocRef& ref,
                                                        const v1::ListCommentsRequest& r);
  absl::StatusOr<v1::Section> Compile(storage::Tx& tx, const domain::DocRef& target,
                                      const domain::DocRef& source,
                                      const v1::CompileDocumentRequest& r);
  absl::StatusOr<v1::ExportDocumentResponse> Export(storage::Tx& tx, const domain::DocRef& ref,
                                                    const v1::ExportDocumentRequest& r);

 private:
};

}  // namespace forum::services

#endif  // FORUM_SERVICES_DOCUMENTS_H_
