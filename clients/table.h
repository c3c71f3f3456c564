// Plain-text tables for people: columns padded to the widest cell, counted in characters so
// that names in any script line up.
#ifndef FORUM_CLIENTS_TABLE_H_
#define FORUM_CLIENTS_TABLE_H_

#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace forum::client {

class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void Add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void Print(std::ostream& out) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// "key: value" lines for one resource.
void PrintFields(std::ostream& out, const std::vector<std::pair<std::string, std::string>>& kv);

}  // namespace forum::client

#endif  // FORUM_CLIENTS_TABLE_H_
