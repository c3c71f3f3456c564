// How many of each thing a resource may hold. Every count a caller can grow is bounded, so that
// no token (however privileged, however compromised) can fill the disk or make a response too
// large to receive; each figure is well above what a real forum needs. docs/api.md lists them.
#ifndef FORUM_DOMAIN_LIMITS_H_
#define FORUM_DOMAIN_LIMITS_H_

#include <cstdint>

namespace forum::domain {

inline constexpr int64_t kMaxEvents = 10000;
// The 2006 Dialogue had six plenary meetings and four round tables; a forum of weeks, hundreds.
inline constexpr int64_t kMaxSessionsPerEvent = 500;
inline constexpr int64_t kMaxRoomsPerEvent = 200;
inline constexpr int64_t kMaxThemesPerEvent = 500;
inline constexpr int64_t kMaxRoundTablesPerEvent = 200;
inline constexpr int64_t kMaxMembersPerDelegation = 500;
inline constexpr int64_t kMaxDocumentsPerEvent = 500;
// A/61/515 has 17 sections and about 100 paragraphs.
inline constexpr int64_t kMaxSectionsPerDocument = 500;
inline constexpr int64_t kMaxParagraphsPerDocument = 5000;
// Every edit is kept, with the full text of what it touched (up to 32 KB): this bounds one
// document's log near 1.6 GB at worst, and is still hundreds of times what a summary takes.
inline constexpr int64_t kMaxRevisionsPerDocument = 50000;
inline constexpr int64_t kMaxCommentsPerDocument = 5000;
// Per author label (a delegation or a person): enough for a line-by-line reading.
inline constexpr int64_t kMaxCommentsPerAuthor = 200;
inline constexpr int64_t kMaxCorrections = 20;
// A document's corrigenda travel inside it, with their texts: 40 corrected paragraphs of at most
// 32 KB keep a document near 1.3 MB at worst, well inside one 4 MiB answer.
inline constexpr int64_t kMaxCorrigendaPerDocument = 10;
inline constexpr int64_t kMaxCorrectionsPerDocument = 40;
inline constexpr int64_t kMaxTokens = 20000;
// Published programmes per event: one a day for more than a year.
inline constexpr int64_t kMaxScheduleReleasesPerEvent = 500;

}  // namespace forum::domain

#endif  // FORUM_DOMAIN_LIMITS_H_
