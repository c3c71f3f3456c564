#include "domain/content_pages.h"

#include <optional>
#include <string>
#include <vector>

#include "domain/page_token.h"
#include "gtest/gtest.h"

namespace forum::domain {
namespace {

// Sections with the given numbers of paragraphs of `text`.
v1::DocumentContent Content(const std::vector<int>& paragraphs, const std::string& text = "p") {
  v1::DocumentContent c;
  c.set_revision(7);
  c.mutable_document()->set_name("events/e/documents/d");
  for (size_t s = 0; s < paragraphs.size(); ++s) {
    auto* section = c.add_sections();
    section->mutable_section()->set_name("events/e/documents/d/sections/" + std::to_string(s));
    section->mutable_section()->set_index(static_cast<int>(s) + 1);
    for (int p = 0; p < paragraphs[s]; ++p) {
      section->add_paragraphs()->set_text(text + std::to_string(s) + "." + std::to_string(p));
    }
  }
  return c;
}

// Every page, from the first.
std::vector<v1::DocumentContent> AllPages(const v1::DocumentContent& whole, int size,
                                          size_t bytes) {
  std::vector<v1::DocumentContent> pages;
  std::optional<ContentPosition> at = ContentPosition{whole.revision(), 0, 0};
  while (at) {
    std::optional<ContentPosition> next;
    auto page = ContentPage(whole, *at, size, bytes, &next);
    EXPECT_TRUE(page.ok()) << page.status();
    if (!page.ok()) break;
    pages.push_back(*page);
    at = next;
  }
  return pages;
}

TEST(ContentPage, HeaderOnTheFirstPageAndSplitSectionsRepeatTheirHeader) {
  v1::DocumentContent whole = Content({3, 0, 2});
  auto pages = AllPages(whole, 2, kMaxPageBytes);
  ASSERT_EQ(pages.size(), 3u);
  EXPECT_TRUE(pages[0].has_document());
  EXPECT_FALSE(pages[1].has_document());
  // Page 1: section 0 with paragraphs 0-1.
  ASSERT_EQ(pages[0].sections_size(), 1);
  EXPECT_EQ(pages[0].sections(0).paragraphs_size(), 2);
  // Page 2: section 0 again with paragraph 2, the empty section 1, section 2 with paragraph 0.
  ASSERT_EQ(pages[1].sections_size(), 3);
  EXPECT_EQ(pages[1].sections(0).section().name(), whole.sections(0).section().name());
  EXPECT_EQ(pages[1].sections(0).section().index(), 1);
  EXPECT_EQ(pages[1].sections(0).paragraphs(0).text(), "p0.2");
  EXPECT_EQ(pages[1].sections(1).paragraphs_size(), 0);
  EXPECT_EQ(pages[1].sections(2).paragraphs(0).text(), "p2.0");
  // Page 3: section 2 again with paragraph 1.
  ASSERT_EQ(pages[2].sections_size(), 1);
  EXPECT_EQ(pages[2].sections(0).section().name(), whole.sections(2).section().name());
  EXPECT_EQ(pages[2].sections(0).paragraphs(0).text(), "p2.1");
  for (const auto& page : pages) EXPECT_EQ(page.revision(), 7);
}

TEST(ContentPage, TheByteBudgetEndsAPageEarlyButNeverEmpty) {
  v1::DocumentContent whole = Content({10}, std::string(1000, 'x'));
  auto pages = AllPages(whole, 1000, 3500);
  // About three 1 KB paragraphs fit in 3.5 KB with the header.
  ASSERT_GE(pages.size(), 4u);
  int total = 0;
  for (const auto& page : pages) {
    EXPECT_LE(page.ByteSizeLong(), 3500u);
    for (const auto& s : page.sections()) total += s.paragraphs_size();
  }
  EXPECT_EQ(total, 10);
  // A budget smaller than one paragraph still gives one paragraph a page.
  EXPECT_EQ(AllPages(whole, 1000, 10).size(), 10u);
}

TEST(ContentPage, EmptyDocumentIsOnePageAndPositionsOutsideAreRefused) {
  auto pages = AllPages(Content({}), 5, kMaxPageBytes);
  ASSERT_EQ(pages.size(), 1u);
  EXPECT_TRUE(pages[0].has_document());
  std::optional<ContentPosition> next;
  EXPECT_FALSE(ContentPage(Content({2}), {7, 0, 2}, 5, kMaxPageBytes, &next).ok());
  EXPECT_FALSE(ContentPage(Content({2}), {7, 1, 0}, 5, kMaxPageBytes, &next).ok());
  EXPECT_FALSE(ContentPage(Content({2}), {7, -1, 0}, 5, kMaxPageBytes, &next).ok());
}

TEST(ContentPosition, RoundTripsAndRefusesOtherText) {
  auto p = DecodeContentPosition(EncodeContentPosition({12, 3, 4}));
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->revision, 12);
  EXPECT_EQ(p->section, 3);
  EXPECT_EQ(p->paragraph, 4);
  for (const char* bad : {"", "1:2", "0:0:0", "a:b:c", "1:-1:0"}) {
    EXPECT_FALSE(DecodeContentPosition(bad).ok()) << bad;
  }
  auto r = DecodeRevisionOffset(EncodeRevisionOffset({5, 1048576}));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->revision, 5);
  EXPECT_EQ(r->offset, 1048576u);
  EXPECT_FALSE(DecodeRevisionOffset("5").ok());
}

TEST(TextPiece, CutsBetweenCharactersAndReassembles) {
  std::string text;
  for (int i = 0; i < 1000; ++i)
    text += i % 3 == 0 ? "a" : i % 3 == 1 ? "\xC3\xA9" : "\xF0\x9D\x84\x9E";
  for (size_t budget : {1, 2, 3, 5, 7, 64}) {
    std::string joined;
    size_t offset = 0;
    while (offset < text.size()) {
      auto piece = TextPiece(text, offset, budget);
      ASSERT_TRUE(piece.ok());
      ASSERT_FALSE(piece->empty());
      EXPECT_NE(static_cast<unsigned char>((*piece)[0]) & 0xC0, 0x80);
      joined.append(piece->data(), piece->size());
      offset += piece->size();
    }
    EXPECT_EQ(joined, text) << budget;
  }
  EXPECT_FALSE(TextPiece(text, 2, 10).ok());  // inside é
  EXPECT_FALSE(TextPiece(text, text.size() + 1, 10).ok());
  EXPECT_TRUE(TextPiece("", 0, 10).ok());
}

}  // namespace
}  // namespace forum::domain
