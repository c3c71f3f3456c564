#include "storage/postgresql/rate_buckets.h"

#include <pqxx/pqxx>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "storage/postgresql/connection.h"

namespace forum::storage::postgresql {

const char kRateBucketsSchema[] = R"sql(
CREATE UNLOGGED TABLE IF NOT EXISTS forum_rate_buckets (
  key TEXT COLLATE "C" PRIMARY KEY,
  permits DOUBLE PRECISION NOT NULL,
  updated_micros BIGINT NOT NULL
);
CREATE OR REPLACE FUNCTION forum_take_permits(bucket TEXT, rate DOUBLE PRECISION,
    burst DOUBLE PRECISION, want BIGINT, OUT taken BIGINT, OUT wait_micros BIGINT)
LANGUAGE plpgsql AS $$
DECLARE
  now_micros BIGINT := (extract(epoch FROM clock_timestamp()) * 1000000)::BIGINT;
  held DOUBLE PRECISION;
  since BIGINT;
BEGIN
  INSERT INTO forum_rate_buckets (key, permits, updated_micros) VALUES (bucket, burst, now_micros)
    ON CONFLICT (key) DO NOTHING;
  SELECT b.permits, b.updated_micros INTO held, since FROM forum_rate_buckets b
    WHERE b.key = bucket FOR UPDATE;
  -- A clock that went back refills nothing; a bucket never holds more than its burst.
  held := least(burst, held + rate * greatest(0, now_micros - since)::DOUBLE PRECISION / 1e6);
  taken := least(want, floor(held))::BIGINT;
  held := held - taken;
  UPDATE forum_rate_buckets SET permits = held, updated_micros = greatest(since, now_micros)
    WHERE key = bucket;
  wait_micros := CASE WHEN taken > 0 THEN 0
                      ELSE greatest(1, ceil((1 - held) / rate * 1e6))::BIGINT END;
END $$;
)sql";

absl::StatusOr<RateBuckets::Taken> RateBuckets::Take(absl::string_view key, double rate,
                                                     double burst, int64_t want) {
  if (rate <= 0 || burst < 1 || want < 1) {
    return absl::InvalidArgumentError("a bucket needs a positive rate, a burst and a want");
  }
  {
    absl::MutexLock lock(&mu_);
    // After a failure the server is left alone for a second, and no take waits long for another:
    // calls never queue here behind a server that does not answer.
    if (std::chrono::steady_clock::now() < quiet_until_) {
      return absl::UnavailableError("the shared rate limits could not be reached a moment ago");
    }
    auto free = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return !busy_; };
    if (!mu_.AwaitWithTimeout(absl::Condition(&free), absl::Milliseconds(250))) {
      return absl::UnavailableError("the shared rate limits are slow to answer");
    }
    busy_ = true;
  }
  absl::StatusOr<Taken> taken = TakeOnConnection(key, rate, burst, want);
  absl::MutexLock lock(&mu_);
  busy_ = false;
  if (!taken.ok()) quiet_until_ = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  return taken;
}

absl::StatusOr<RateBuckets::Taken> RateBuckets::TakeOnConnection(absl::string_view key, double rate,
                                                                 double burst, int64_t want) {
  // A connection the server ended (a restart, a failover) is opened again once, at once.
  for (int attempt = 1;; ++attempt) {
    const bool reused = conn_ != nullptr;
    try {
      if (conn_ == nullptr || !conn_->is_open()) {
        conn_.reset();
        auto c = std::make_unique<pqxx::connection>(WithTimeouts(uri_));
        pqxx::nontransaction setup(*c);
        // A lost bucket costs a burst at most: no waiting for the disk, and never for long.
        setup.exec("SET synchronous_commit = off");
        setup.exec("SET statement_timeout = '2s'");
        c->prepare("forum_take_permits",
                   "SELECT taken, wait_micros FROM forum_take_permits($1, $2, $3, $4)");
        conn_ = std::move(c);
      }
      pqxx::nontransaction n(*conn_);
      pqxx::row row = n.exec_prepared1("forum_take_permits", std::string(key), rate, burst, want);
      return Taken{row[0].as<int64_t>(), row[1].as<int64_t>()};
    } catch (...) {
      try {
        RethrowAsSqlError();
      } catch (const sql::Error& e) {
        // A statement that timed out leaves the connection usable; anything else drops it.
        if (e.kind() != sql::Error::Kind::kBusy) conn_.reset();
        if (e.kind() == sql::Error::Kind::kUnreachable && reused && attempt == 1) continue;
        return absl::UnavailableError(absl::StrCat("the shared rate limits cannot be read: ",
                                                   absl::StripAsciiWhitespace(e.what())));
      }
    }
  }
}

}  // namespace forum::storage::postgresql
