// A temporary directory for one test, removed with everything in it when the test ends.
#ifndef FORUM_TESTS_SUPPORT_TEMP_DIR_H_
#define FORUM_TESTS_SUPPORT_TEMP_DIR_H_

#include <string>

namespace forum::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace forum::testing

#endif  // FORUM_TESTS_SUPPORT_TEMP_DIR_H_
