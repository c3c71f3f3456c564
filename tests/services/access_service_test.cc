// Authentication, object-level rules, document visibility, redaction, tokens and the audit
// trail, through the in-process server.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/dates.h"
#include "gtest/gtest.h"
#include "tests/support/service_fixture.h"

namespace forum::testing {
namespace {

class AccessServiceTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    docs_ = v1::DocumentService::NewStub(server_->InProcessChannel(grpc::ChannelArguments()));
  }

  grpc::Status GetEntity(const std::string& secret) {
    v1::GetEntityRequest r;
    r.set_name("entities/bel");
    v1::Entity out;
    return entities_->GetEntity(CallAs(secret).get(), r, &out);
  }

  grpc::Status GetEntityWithHeader(const std::string& header) {
    grpc::ClientContext c;
    c.AddMetadata("authorization", header);
    v1::GetEntityRequest r;
    r.set_name("entities/bel");
    v1::Entity out;
    return entities_->GetEntity(&c, r, &out);
  }

  v1::Document Doc(const std::string& event, const std::string& id, v1::DocumentState state,
                   const std::string& round_table = "") {
    v1::CreateDocumentRequest create;
    create.set_parent("events/" + event);
    create.set_document_id(id);
    create.mutable_document()->set_kind(round_table.empty()
                                            ? v1::DOCUMENT_KIND_CHAIR_SUMMARY
                                            : v1::DOCUMENT_KIND_ROUND_TABLE_SUMMARY);
    create.mutable_document()->set_title("Summary " + id);
    create.mutable_document()->set_round_table(round_table);
    v1::Document d;
    EXPECT_TRUE(docs_->CreateDocument(Call().get(), create, &d).ok());
    if (state != v1::DOCUMENT_STATE_DRAFT) {
      v1::CirculateDocumentRequest circulate;
      circulate.set_name(d.name());
      EXPECT_TRUE(docs_->CirculateDocument(Call().get(), circulate, &d).ok());
    }
    if (state == v1::DOCUMENT_STATE_ISSUED) {
      v1::IssueDocumentRequest issue;
      issue.set_name(d.name());
      issue.set_symbol("SYM/" + id);
      EXPECT_TRUE(docs_->IssueDocument(Call().get(), issue, &d).ok());
    }
    return d;
  }

  std::vector<std::string> Listed(const std::string& event, const std::string& secret,
                                  int page_size) {
    std::vector<std::string> ids;
    v1::ListDocumentsRequest r;
    r.set_parent("events/" + event);
    r.set_page_size(page_size);
    do {
      v1::ListDocumentsResponse out;
      grpc::Status s = docs_->ListDocuments(CallAs(secret).get(), r, &out);
      EXPECT_TRUE(s.ok()) << s.error_message();
      if (!s.ok()) break;
      for (const auto& d : out.documents()) ids.push_back(d.name().substr(d.name().rfind('/') + 1));
      r.set_page_token(out.next_page_token());
    } while (!r.page_token().empty());
    return ids;
  }

  std::vector<v1::AuditRecord> Audit(v1::ListAuditRecordsRequest r) {
    v1::ListAuditRecordsResponse out;
    grpc::Status s = access_->ListAuditRecords(Call().get(), r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return {out.audit_records().begin(), out.audit_records().end()};
  }

  std::string TokenName(const std::string& secret) { return "tokens/" + secret.substr(6, 12); }

  std::unique_ptr<v1::DocumentService::Stub> docs_;
};

TEST_F(AccessServiceTest, OnlyLiveKnownTokensAuthenticate) {
  std::string reader = TokenFor({"reader"});
  EXPECT_TRUE(GetEntity(reader).ok());
  EXPECT_EQ(GetEntity("").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(GetEntityWithHeader("Basic dXNlcjpwYXNz").error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(GetEntityWithHeader("Bearer not-a-forum-token").error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  // The right id with a wrong secret, and a well-formed token nobody issued.
  std::string forged = reader.substr(0, 19) + std::string(reader.size() - 19, 'A');
  EXPECT_EQ(GetEntity(forged).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(GetEntity("forum_0123456789ab_" + reader.substr(19)).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);

  // Expired: the clock has passed its expiry.
  std::string expiring = TokenFor({"reader"});
  ExecSql("UPDATE tokens SET expire_time = 1 WHERE token_id = '" + expiring.substr(6, 12) + "'");
  grpc::Status expired = GetEntity(expiring);
  EXPECT_EQ(expired.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_NE(expired.error_message().find("expired"), std::string::npos);

  // Revoked: refused from the next call on.
  v1::RevokeTokenRequest revoke;
  revoke.set_name(TokenName(reader));
  v1::Token revoked;
  ASSERT_TRUE(access_->RevokeToken(Call().get(), revoke, &revoked).ok());
  EXPECT_TRUE(revoked.has_revoke_time());
  grpc::Status after = GetEntity(reader);
  EXPECT_EQ(after.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_NE(after.error_message().find("revoked"), std::string::npos);
  // Revoking again changes nothing and keeps the first revocation time.
  v1::Token again;
  ASSERT_TRUE(access_->RevokeToken(Call().get(), revoke, &again).ok());
  EXPECT_EQ(again.revoke_time().seconds(), revoked.revoke_time().seconds());
  EXPECT_EQ(again.revoke_time().nanos(), revoked.revoke_time().nanos());
}

// The server remembers callers it has authenticated, but only while no token has changed: a
// change made beside it, by another connection or process (as `forumd tokens revoke` does), is
// seen by the very next call.
TEST_F(AccessServiceTest, AChangeToATokenMadeBesideTheServerHoldsFromTheNextCall) {
  std::string revoked = TokenFor({"reader"});
  std::string expiring = TokenFor({"reader"});
  std::string demoted = TokenFor({"admin"});
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(GetEntity(revoked).ok());
    ASSERT_TRUE(GetEntity(expiring).ok());
  }
  v1::ListTokensRequest list;
  v1::ListTokensResponse tokens;
  ASSERT_TRUE(access_->ListTokens(CallAs(demoted).get(), list, &tokens).ok());

  ExecSql("UPDATE tokens SET revoke_time = 1 WHERE token_id = '" + revoked.substr(6, 12) + "'");
  grpc::Status after = GetEntity(revoked);
  EXPECT_EQ(after.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_NE(after.error_message().find("revoked"), std::string::npos);

  ExecSql("UPDATE tokens SET expire_time = 1 WHERE token_id = '" + expiring.substr(6, 12) + "'");
  EXPECT_EQ(GetEntity(expiring).error_code(), grpc::StatusCode::UNAUTHENTICATED);

  // A binding changed in place: the admin is a reader from the next call on.
  ExecSql("UPDATE token_bindings SET role = " + std::to_string(v1::ROLE_READER) +
          " WHERE token_id = '" + demoted.substr(6, 12) + "'");
  EXPECT_EQ(access_->ListTokens(CallAs(demoted).get(), list, &tokens).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(GetEntity(demoted).ok());
}

TEST_F(AccessServiceTest, SecretsAreStoredOnlyAsHashes) {
  std::string secret = TokenFor({"reader"});
  EXPECT_EQ(secret.size(), 6 + 12 + 1 + 43u) << "forum_, a 12-digit id, _, 256 bits in base64url";
  const std::string id = secret.substr(6, 12);
  EXPECT_EQ(QueryInt("SELECT length(secret_hash) FROM tokens WHERE token_id = '" + id + "'"), 32)
      << "SHA-256";
  const std::string found = database_.engine() == Engine::kSqlite
                                ? "instr(CAST(secret_hash AS TEXT), '"
                                : "strpos(encode(secret_hash, 'escape'), '";
  EXPECT_EQ(
      QueryInt("SELECT count(*) FROM tokens WHERE " + found + secret.substr(19, 10) + "') > 0"), 0);
}

TEST_F(AccessServiceTest, AFocalPointActsForItsOwnDelegationOnly) {
  CreateOpenEvent("fp-2027");
  v1::Delegation fra = Register("fp-2027", "fra");
  std::string bel =
      TokenFor({"focal-point=events/fp-2027/delegations/bel"}, "Focal point, Belgium");

  v1::UpdateDelegationRequest update;
  update.mutable_delegation()->set_name(fra.name());
  update.mutable_delegation()->set_notes("not ours");
  update.mutable_update_mask()->add_paths("notes");
  v1::Delegation out;
  grpc::Status refused = delegations_->UpdateDelegation(CallAs(bel).get(), update, &out);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_NE(refused.error_message().find("focal-point=events/fp-2027/delegations/bel"),
            std::string::npos)
      << refused.error_message();
  EXPECT_NE(refused.error_message().find("events/fp-2027/delegations/fra"), std::string::npos);
  v1::GetDelegationRequest get;
  get.set_name(fra.name());
  v1::Delegation unchanged;
  ASSERT_TRUE(delegations_->GetDelegation(Call().get(), get, &unchanged).ok());
  EXPECT_EQ(unchanged.etag(), fra.etag());
  EXPECT_EQ(unchanged.notes(), "");

  // Its own delegation, in full; another's without contact details.
  v1::RegisterDelegationRequest own;
  own.set_parent("events/fp-2027");
  own.mutable_delegation()->set_entity("entities/bel");
  own.mutable_delegation()->mutable_head()->set_full_name("Head of bel");
  own.mutable_delegation()->mutable_head()->set_rank(v1::PROTOCOL_RANK_MINISTER);
  own.mutable_delegation()->set_contact_email("protocol@diplobel.example");
  v1::Delegation registered;
  ASSERT_TRUE(delegations_->RegisterDelegation(CallAs(bel).get(), own, &registered).ok());
  EXPECT_EQ(registered.contact_email(), "protocol@diplobel.example");
  std::string reader = TokenFor({"reader"});
  get.set_name(registered.name());
  v1::Delegation seen;
  ASSERT_TRUE(delegations_->GetDelegation(CallAs(reader).get(), get, &seen).ok());
  EXPECT_EQ(seen.contact_email(), "") << "readers see participation, not contact details";
  EXPECT_EQ(seen.head().full_name(), "Head of bel");
  ASSERT_TRUE(delegations_->GetDelegation(CallAs(bel).get(), get, &seen).ok());
  EXPECT_EQ(seen.contact_email(), "protocol@diplobel.example");

  // A focal point of another event holds nothing here.
  std::string elsewhere = TokenFor({"focal-point=events/gfmd-2007/delegations/bel"});
  update.mutable_delegation()->set_name(registered.name());
  EXPECT_EQ(delegations_->UpdateDelegation(CallAs(elsewhere).get(), update, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(AccessServiceTest, DocumentsAreSeenAccordingToTheirStateAndScope) {
  CreateOpenEvent("doc-2027");
  v1::CreateRoundTableRequest rt;
  rt.set_parent("events/doc-2027");
  rt.mutable_round_table()->set_number(1);
  rt.mutable_round_table()->set_title("Remittances");
  rt.mutable_round_table()->set_capacity(20);
  v1::RoundTable table;
  ASSERT_TRUE(round_tables_->CreateRoundTable(Call().get(), rt, &table).ok());
  Doc("doc-2027", "a-draft", v1::DOCUMENT_STATE_DRAFT);
  Doc("doc-2027", "b-circulated", v1::DOCUMENT_STATE_CIRCULATED);
  Doc("doc-2027", "c-issued", v1::DOCUMENT_STATE_ISSUED);
  v1::Document rt_draft = Doc("doc-2027", "d-rt-draft", v1::DOCUMENT_STATE_DRAFT, table.name());
  Doc("doc-2027", "e-draft", v1::DOCUMENT_STATE_DRAFT);

  std::string reader = TokenFor({"reader"});
  std::string focal = TokenFor({"focal-point=events/doc-2027/delegations/mex"});
  std::string rt_chair = TokenFor({"chair=" + table.name()});
  std::string doc_author = TokenFor({"chair=events/doc-2027/documents/e-draft"});
  std::string chair = TokenFor({"chair=events/doc-2027"});
  using V = std::vector<std::string>;
  for (int page_size : {1, 2, 50}) {
    SCOPED_TRACE(page_size);
    EXPECT_EQ(Listed("doc-2027", reader, page_size), V{"c-issued"});
    EXPECT_EQ(Listed("doc-2027", focal, page_size), (V{"b-circulated", "c-issued"}));
    EXPECT_EQ(Listed("doc-2027", rt_chair, page_size), (V{"c-issued", "d-rt-draft"}));
    EXPECT_EQ(Listed("doc-2027", doc_author, page_size), (V{"c-issued", "e-draft"}));
    EXPECT_EQ(Listed("doc-2027", chair, page_size),
              (V{"a-draft", "b-circulated", "c-issued", "d-rt-draft", "e-draft"}));
  }

  // The round table's chair drafts its summary, not the event's.
  v1::InsertSectionRequest section;
  section.set_parent(rt_draft.name());
  section.mutable_section()->set_title("Discussion");
  v1::Section made;
  EXPECT_TRUE(docs_->InsertSection(CallAs(rt_chair).get(), section, &made).ok());
  section.set_parent("events/doc-2027/documents/a-draft");
  EXPECT_EQ(docs_->InsertSection(CallAs(rt_chair).get(), section, &made).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // ... and may create summaries of its round table only.
  v1::CreateDocumentRequest create;
  create.set_parent("events/doc-2027");
  create.set_document_id("f-rt-final");
  create.mutable_document()->set_kind(v1::DOCUMENT_KIND_ROUND_TABLE_SUMMARY);
  create.mutable_document()->set_title("Round table 1, final");
  create.mutable_document()->set_round_table(table.name());
  v1::Document created;
  EXPECT_TRUE(docs_->CreateDocument(CallAs(rt_chair).get(), create, &created).ok());
  create.set_document_id("g-chair");
  create.mutable_document()->set_kind(v1::DOCUMENT_KIND_CHAIR_SUMMARY);
  create.mutable_document()->clear_round_table();
  EXPECT_EQ(docs_->CreateDocument(CallAs(rt_chair).get(), create, &created).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // A focal point comments as its own delegation only.
  Register("doc-2027", "mex");
  v1::GetDocumentContentRequest content_request;
  content_request.set_name("events/doc-2027/documents/b-circulated");
  v1::DocumentContent content;
  ASSERT_TRUE(docs_->GetDocumentContent(CallAs(focal).get(), content_request, &content).ok());
  EXPECT_EQ(docs_->GetDocumentContent(CallAs(reader).get(), content_request, &content).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // An issued text is for everybody; the drafts it went through are not.
  content_request.set_name("events/doc-2027/documents/c-issued");
  ASSERT_TRUE(docs_->GetDocumentContent(CallAs(reader).get(), content_request, &content).ok());
  content_request.set_revision(1);
  EXPECT_EQ(docs_->GetDocumentContent(CallAs(reader).get(), content_request, &content).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(docs_->GetDocumentContent(CallAs(chair).get(), content_request, &content).ok());
  v1::ExportDocumentRequest export_request;
  export_request.set_name("events/doc-2027/documents/c-issued");
  export_request.set_format(v1::DOCUMENT_FORMAT_MARKDOWN);
  export_request.set_revision(1);
  v1::ExportDocumentResponse exported;
  EXPECT_EQ(docs_->ExportDocument(CallAs(focal).get(), export_request, &exported).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  export_request.set_revision(0);
  EXPECT_TRUE(docs_->ExportDocument(CallAs(focal).get(), export_request, &exported).ok());
  content_request.set_revision(0);
  content_request.set_name("events/doc-2027/documents/b-circulated");
  v1::InsertSectionRequest s;
  s.set_parent("events/doc-2027/documents/b-circulated");
  s.mutable_section()->set_title("Opening");
  v1::Section opening;
  ASSERT_TRUE(docs_->InsertSection(Call().get(), s, &opening).ok());
  v1::InsertParagraphRequest p;
  p.mutable_paragraph()->set_section(opening.name());
  p.mutable_paragraph()->set_text("The Chair opened the consultation.");
  v1::Paragraph para;
  ASSERT_TRUE(docs_->InsertParagraph(Call().get(), p, &para).ok());
  v1::AddCommentRequest comment;
  comment.mutable_comment()->set_paragraph(para.name());
  comment.mutable_comment()->set_text("Please add the date.");
  comment.mutable_comment()->set_author("events/doc-2027/delegations/fra");
  v1::Comment made_comment;
  EXPECT_EQ(docs_->AddComment(CallAs(focal).get(), comment, &made_comment).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  comment.mutable_comment()->set_author("events/doc-2027/delegations/mex");
  EXPECT_TRUE(docs_->AddComment(CallAs(focal).get(), comment, &made_comment).ok());
}

TEST_F(AccessServiceTest, TokensAreCheckedWhenCreated) {
  auto create = [&](std::vector<v1::RoleBinding> bindings, const std::string& name,
                    int64_t expire_micros = 0) {
    v1::CreateTokenRequest r;
    r.mutable_token()->set_display_name(name);
    for (auto& b : bindings) *r.mutable_token()->add_bindings() = b;
    if (expire_micros != 0)
      *r.mutable_token()->mutable_expire_time() = domain::FromMicros(expire_micros);
    v1::CreateTokenResponse out;
    return access_->CreateToken(Call().get(), r, &out);
  };
  auto binding = [](v1::Role role, const std::string& scope) {
    v1::RoleBinding b;
    b.set_role(role);
    b.set_scope(scope);
    return b;
  };
  using V = std::vector<std::string>;
  grpc::Status s = create({}, "");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(s), (V{"token.display_name", "token.bindings"}));
  s = create({binding(v1::ROLE_ADMIN, "events/hld-2006")}, "x");
  EXPECT_EQ(ViolatedFields(s), V{"token.bindings[0].scope"});
  s = create({binding(v1::ROLE_READER, ""), binding(v1::ROLE_FOCAL_POINT, "events/hld-2006")}, "x");
  EXPECT_EQ(ViolatedFields(s), V{"token.bindings[1].scope"});
  s = create({binding(v1::ROLE_UNSPECIFIED, "")}, "x");
  EXPECT_EQ(ViolatedFields(s), V{"token.bindings[0].role"});
  s = create({binding(v1::ROLE_CHAIR, "events/no-such-event")}, "x");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ViolatedFields(s), V{"token.bindings[0].scope"});
  s = create({binding(v1::ROLE_FOCAL_POINT, "events/hld-2006/delegations/xyz")}, "x");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  s = create({binding(v1::ROLE_READER, "")}, "x", domain::NowMicros() - 1000000);
  EXPECT_EQ(ViolatedFields(s), V{"token.expire_time"});
  EXPECT_EQ(CountRows("tokens"), 1) << "only the fixture's admin token";

  // Several roles on one token; listing shows live tokens unless asked for all.
  ASSERT_TRUE(create({binding(v1::ROLE_FOCAL_POINT, "events/hld-2006/delegations/mex"),
                      binding(v1::ROLE_CHAIR, "events/hld-2006/roundTables/round-table-1")},
                     "Mexico, focal point and co-chair")
                  .ok());
  std::string revoked = TokenFor({"reader"});
  v1::RevokeTokenRequest revoke;
  revoke.set_name(TokenName(revoked));
  v1::Token out;
  ASSERT_TRUE(access_->RevokeToken(Call().get(), revoke, &out).ok());
  v1::ListTokensRequest list;
  list.set_page_size(1);
  std::vector<std::string> names;
  do {
    v1::ListTokensResponse page;
    ASSERT_TRUE(access_->ListTokens(Call().get(), list, &page).ok());
    for (const auto& t : page.tokens()) names.push_back(t.display_name());
    list.set_page_token(page.next_page_token());
  } while (!list.page_token().empty());
  EXPECT_EQ(names, (V{"Mexico, focal point and co-chair", "Secretariat (tests)"}));
  list.set_show_inactive(true);
  list.set_page_size(50);
  v1::ListTokensResponse all;
  ASSERT_TRUE(access_->ListTokens(Call().get(), list, &all).ok());
  EXPECT_EQ(all.tokens_size(), 3);
  EXPECT_EQ(all.tokens(1).bindings_size(), 2);
  revoke.set_name("tokens/nothex");
  EXPECT_EQ(access_->RevokeToken(Call().get(), revoke, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  revoke.set_name("tokens/0123456789ab");
  EXPECT_EQ(access_->RevokeToken(Call().get(), revoke, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(AccessServiceTest, EveryAcceptedChangeIsAuditedAndNothingElse) {
  CreateOpenEvent("aud-2027");
  std::string bel =
      TokenFor({"focal-point=events/aud-2027/delegations/bel"}, "Focal point, Belgium");
  int before = CountRows("audit_records");

  v1::RegisterDelegationRequest r;
  r.set_parent("events/aud-2027");
  r.set_request_id("reg-bel-1");
  r.mutable_delegation()->set_entity("entities/bel");
  r.mutable_delegation()->mutable_head()->set_full_name("Head of bel");
  r.mutable_delegation()->mutable_head()->set_rank(v1::PROTOCOL_RANK_MINISTER);
  v1::Delegation out;
  ASSERT_TRUE(delegations_->RegisterDelegation(CallAs(bel).get(), r, &out).ok());
  EXPECT_EQ(CountRows("audit_records"), before + 1);
  // A replay of the same request id, a refused call and an invalid one change nothing.
  ASSERT_TRUE(delegations_->RegisterDelegation(CallAs(bel).get(), r, &out).ok());
  r.set_request_id("");
  r.mutable_delegation()->set_entity("entities/fra");
  EXPECT_EQ(delegations_->RegisterDelegation(CallAs(bel).get(), r, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  r.mutable_delegation()->set_entity("entities/bel");
  r.mutable_delegation()->mutable_head()->clear_full_name();
  EXPECT_EQ(delegations_->RegisterDelegation(CallAs(bel).get(), r, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(CountRows("audit_records"), before + 1);

  v1::ListAuditRecordsRequest q;
  q.set_resource_prefix("events/aud-2027/");
  auto records = Audit(q);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].caller(), TokenName(bel));
  EXPECT_EQ(records[0].caller_display_name(), "Focal point, Belgium");
  EXPECT_EQ(records[0].method(), "/forum.v1.DelegationService/RegisterDelegation");
  EXPECT_EQ(records[0].resource(), "events/aud-2027/delegations/bel");
  EXPECT_EQ(records[0].request_id(), "reg-bel-1");
  EXPECT_LE(records[0].time().seconds(), domain::NowMicros() / 1000000);

  // Filters: by caller, and by time.
  q.Clear();
  q.set_caller(TokenName(bel));
  EXPECT_EQ(Audit(q).size(), 1u);
  q.Clear();
  q.set_resource_prefix("events/aud-2027");
  auto with_event = Audit(q);
  ASSERT_EQ(with_event.size(), 2u) << "the event's creation and the registration";
  EXPECT_EQ(with_event[1].method(), "/forum.v1.EventService/CreateEvent");
  *q.mutable_start_time() = records[0].time();
  EXPECT_EQ(Audit(q).size(), 1u);
  q.clear_start_time();
  *q.mutable_end_time() = records[0].time();
  EXPECT_EQ(Audit(q).size(), 1u);
  *q.mutable_start_time() = records[0].time();
  v1::ListAuditRecordsResponse bad;
  grpc::Status s = access_->ListAuditRecords(Call().get(), q, &bad);
  EXPECT_EQ(ViolatedFields(s), std::vector<std::string>{"end_time"});
  // Paging walks every record once, newest first.
  q.Clear();
  q.set_page_size(1);
  std::vector<std::string> seen;
  do {
    v1::ListAuditRecordsResponse page;
    ASSERT_TRUE(access_->ListAuditRecords(Call().get(), q, &page).ok());
    for (const auto& a : page.audit_records()) seen.push_back(a.name());
    q.set_page_token(page.next_page_token());
  } while (!q.page_token().empty());
  EXPECT_EQ(static_cast<int>(seen.size()), CountRows("audit_records"));
  EXPECT_TRUE(
      std::is_sorted(seen.begin(), seen.end(), [](const std::string& a, const std::string& b) {
        return std::stoll(a.substr(13)) > std::stoll(b.substr(13));
      }));
}

TEST_F(AccessServiceTest, AChangeWhoseRecordCannotBeWrittenIsNotMade) {
  CreateOpenEvent("atom-2027");
  if (database_.engine() == Engine::kSqlite) {
    ExecSql(
        "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_records "
        "BEGIN SELECT RAISE(ABORT, 'audit refused'); END");
  } else {
    ExecSql(
        "CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'audit refused'; END $$; "
        "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_records FOR EACH ROW "
        "EXECUTE FUNCTION refuse_audit()");
  }
  v1::RegisterDelegationRequest r;
  r.set_parent("events/atom-2027");
  r.mutable_delegation()->set_entity("entities/bel");
  r.mutable_delegation()->mutable_head()->set_full_name("Head of bel");
  r.mutable_delegation()->mutable_head()->set_rank(v1::PROTOCOL_RANK_MINISTER);
  v1::Delegation out;
  grpc::Status s = delegations_->RegisterDelegation(Call().get(), r, &out);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(CountRows("delegations"), 0) << "the registration went with its audit record";
  ExecSql(database_.engine() == Engine::kSqlite ? "DROP TRIGGER refuse_audit"
                                                : "DROP TRIGGER refuse_audit ON audit_records");
  EXPECT_TRUE(delegations_->RegisterDelegation(Call().get(), r, &out).ok());
  EXPECT_EQ(CountRows("delegations"), 1);
}

TEST_F(AccessServiceTest, CallersCanAskWhoTheyAre) {
  std::string chair = TokenFor({"chair=events/hld-2006", "reader"}, "Rapporteur");
  v1::Token me;
  ASSERT_TRUE(access_->GetCaller(CallAs(chair).get(), v1::GetCallerRequest(), &me).ok());
  EXPECT_EQ(me.name(), TokenName(chair));
  EXPECT_EQ(me.display_name(), "Rapporteur");
  ASSERT_EQ(me.bindings_size(), 2);
  EXPECT_EQ(me.bindings(0).scope(), "events/hld-2006");
  EXPECT_EQ(me.creator(), "tests");
}

TEST_F(AccessServiceTest, RevisionsNameTheCallerWhenNoAuthorIsGiven) {
  CreateOpenEvent("rev-2027");
  v1::Document d = Doc("rev-2027", "summary", v1::DOCUMENT_STATE_DRAFT);
  std::string rapporteur = TokenFor({"chair=events/rev-2027"}, "Rapporteur of the consultation");
  v1::InsertSectionRequest section;
  section.set_parent(d.name());
  section.mutable_section()->set_title("Opening");
  v1::Section made;
  ASSERT_TRUE(docs_->InsertSection(CallAs(rapporteur).get(), section, &made).ok());
  section.set_author("Chair's office");
  ASSERT_TRUE(docs_->InsertSection(CallAs(rapporteur).get(), section, &made).ok());
  v1::ListRevisionsRequest list;
  list.set_parent(d.name());
  v1::ListRevisionsResponse revisions;
  ASSERT_TRUE(docs_->ListRevisions(CallAs(rapporteur).get(), list, &revisions).ok());
  ASSERT_GE(revisions.revisions_size(), 2);
  // Newest first.
  EXPECT_EQ(revisions.revisions(0).author(), "Chair's office");
  EXPECT_EQ(revisions.revisions(1).author(), "Rapporteur of the consultation");
}

// The admin token made on first start is on the audit trail under its own name, as every create's
// record names what it made.
TEST(BootstrapTest, TheFirstAdminTokensRecordNamesIt) {
  TempDir dir;
  TestDatabase database(dir);
  auto db = database.Open();
  ASSERT_TRUE(db.ok()) << db.status();
  services::Access access(**db);
  auto made = access.Bootstrap();
  ASSERT_TRUE(made.ok()) << made.status();
  ASSERT_TRUE(made->has_value());
  auto again = access.Bootstrap();
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->has_value()) << "only a database without tokens gets one";
  storage::AuditQuery q;
  q.caller = services::kLocalCaller;
  auto records = (*db)->Read([&](storage::Tx& tx) -> absl::StatusOr<std::vector<v1::AuditRecord>> {
    return tx.audit_log().List(q);
  });
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ((*records)[0].resource(), (*made)->token().name());
  EXPECT_EQ((*records)[0].method(), "forumd first start");
}

}  // namespace
}  // namespace forum::testing
