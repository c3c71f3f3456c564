#include <set>

#include "tests/support/service_fixture.h"

namespace forum::testing {
namespace {

class EntityServiceTest : public ServiceTest {};

TEST_F(EntityServiceTest, PagesThroughEveryEntityOnce) {
  std::set<std::string> seen;
  v1::ListEntitiesRequest request;
  request.set_page_size(100);
  int pages = 0;
  do {
    v1::ListEntitiesResponse response;
    ASSERT_TRUE(entities_->ListEntities(Call().get(), request, &response).ok());
    for (const auto& e : response.entities()) EXPECT_TRUE(seen.insert(e.name()).second);
    request.set_page_token(response.next_page_token());
    ++pages;
  } while (!request.page_token().empty());
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen.size(), 216u);  // 193 Member States and 23 other bodies
  EXPECT_TRUE(seen.count("entities/vat"));
  EXPECT_TRUE(seen.count("entities/iom"));
}

TEST_F(EntityServiceTest, FiltersByKindAndRegionalGroup) {
  struct Case {
    std::string filter;
    int count;
  } cases[] = {{"kind = MEMBER_STATE", 193},
               {"kind = MEMBER_STATE AND regional_group = AFRICAN", 54},
               {"regional_group = LATIN_AMERICAN_CARIBBEAN", 33},
               {"kind = REGIONAL_COMMISSION", 5},
               {"kind = ENTITY_KIND_OBSERVER_STATE", 1}};
  for (const auto& c : cases) {
    v1::ListEntitiesRequest request;
    request.set_filter(c.filter);
    request.set_page_size(1000);
    v1::ListEntitiesResponse response;
    ASSERT_TRUE(entities_->ListEntities(Call().get(), request, &response).ok()) << c.filter;
    EXPECT_EQ(response.entities_size(), c.count) << c.filter;
  }
}

TEST_F(EntityServiceTest, RefusesBadListRequests) {
  v1::ListEntitiesRequest request;
  v1::ListEntitiesResponse response;
  request.set_filter("kind = PLANET");
  grpc::Status status = entities_->ListEntities(Call().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"filter"});
  request.Clear();
  request.set_page_token("garbage");
  status = entities_->ListEntities(Call().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"page_token"});
  request.Clear();
  request.set_page_size(-5);
  EXPECT_EQ(entities_->ListEntities(Call().get(), request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(EntityServiceTest, GetsOneEntity) {
  v1::GetEntityRequest request;
  request.set_name("entities/mex");
  v1::Entity entity;
  ASSERT_TRUE(entities_->GetEntity(Call().get(), request, &entity).ok());
  EXPECT_EQ(entity.display_name(), "Mexico");
  EXPECT_EQ(entity.kind(), v1::ENTITY_KIND_MEMBER_STATE);
  EXPECT_EQ(entity.regional_group(), v1::REGIONAL_GROUP_LATIN_AMERICAN_CARIBBEAN);

  request.set_name("entities/atlantis");
  EXPECT_EQ(entities_->GetEntity(Call().get(), request, &entity).error_code(),
            grpc::StatusCode::NOT_FOUND);
  request.set_name("MEX");
  grpc::Status status = entities_->GetEntity(Call().get(), request, &entity);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"name"});
}

}  // namespace
}  // namespace forum::testing
