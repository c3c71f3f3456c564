#include "tests/support/xml_schema.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include <cstdarg>
#include <cstdio>

namespace forum::testing {
namespace {

// Appends one of libxml2's messages to the string `ctx` points to.
void Collect(void* ctx, const char* fmt, ...) {
  char buffer[1024];
  va_list args;
  va_start(args, fmt);
  vsnprintf(buffer, sizeof buffer, fmt, args);
  va_end(args);
  *static_cast<std::string*>(ctx) += buffer;
}

}  // namespace

std::string SchemaErrors(const char* schema_path, const std::string& xml) {
  std::string errors;
  xmlSchemaParserCtxtPtr parser = xmlSchemaNewParserCtxt(schema_path);
  xmlSchemaPtr schema = xmlSchemaParse(parser);
  if (schema == nullptr) {
    xmlSchemaFreeParserCtxt(parser);
    return std::string("the schema ") + schema_path + " does not parse";
  }
  xmlSchemaValidCtxtPtr valid = xmlSchemaNewValidCtxt(schema);
  xmlSchemaSetValidErrors(valid, Collect, Collect, &errors);
  xmlDocPtr doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "document.xml", "UTF-8",
                                XML_PARSE_NONET);
  if (doc == nullptr) {
    errors += "not well-formed XML";
  } else if (xmlSchemaValidateDoc(valid, doc) != 0 && errors.empty()) {
    errors = "invalid";
  }
  if (doc != nullptr) xmlFreeDoc(doc);
  xmlSchemaFreeValidCtxt(valid);
  xmlSchemaFree(schema);
  xmlSchemaFreeParserCtxt(parser);
  return errors;
}

}  // namespace forum::testing
