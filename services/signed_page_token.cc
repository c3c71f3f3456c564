#include "services/signed_page_token.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <cstdlib>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "domain/errors.h"

namespace forum::services {
namespace {

constexpr size_t kKeyBytes = 32;

const std::string& Key() {
  static const std::string* key = [] {
    auto* k = new std::string(kKeyBytes, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(k->data()), kKeyBytes) != 1) std::abort();
    return k;
  }();
  return *key;
}

std::string Mac(absl::string_view query, absl::string_view cursor) {
  std::string data = absl::StrCat(query.size(), ":", query, cursor);
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), Key().data(), static_cast<int>(Key().size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &size);
  return std::string(reinterpret_cast<const char*>(out), size);
}

}  // namespace

std::string SignPageToken(absl::string_view query, absl::string_view cursor) {
  return absl::WebSafeBase64Escape(absl::StrCat(Mac(query, cursor), cursor));
}

absl::StatusOr<std::string> OpenPageToken(absl::string_view token, absl::string_view query) {
  if (token.empty()) return std::string();
  absl::Status bad = domain::InvalidField(
      "page_token",
      "is not a token from a previous call of this read with the same request, or forumd "
      "restarted since; read again from the first page");
  std::string raw;
  if (!absl::WebSafeBase64Unescape(token, &raw)) return bad;
  const size_t mac_size = 32;  // SHA-256
  if (raw.size() <= mac_size) return bad;
  std::string cursor = raw.substr(mac_size);
  std::string expected = Mac(query, cursor);
  if (expected.size() != mac_size || CRYPTO_memcmp(expected.data(), raw.data(), mac_size) != 0) {
    return bad;
  }
  return cursor;
}

}  // namespace forum::services
