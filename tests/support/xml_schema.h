// XML checked with libxml2, the library behind xmllint: against a schema, and read by XPath.
#ifndef FORUM_TESTS_SUPPORT_XML_SCHEMA_H_
#define FORUM_TESTS_SUPPORT_XML_SCHEMA_H_

#include <string>

namespace forum::testing {

// Validates `xml` against the XML Schema at `schema_path`; the errors libxml2 reports, empty
// when the document is well-formed and valid.
std::string SchemaErrors(const char* schema_path, const std::string& xml);

}  // namespace forum::testing

#endif  // FORUM_TESTS_SUPPORT_XML_SCHEMA_H_
