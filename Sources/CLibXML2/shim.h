#ifndef DATELINE_CLIBXML2_SHIM_H
#define DATELINE_CLIBXML2_SHIM_H
// Debian's libxml2 headers pull in ICU's, whose module clashes with the copy Foundation
// carries; Dateline never uses libxml2's ICU conversion, so leave it out.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/encoding.h>
#include <libxml/parserInternals.h>
// Saved pages arrive gzipped (.html.gz) and Foundation on Linux has no inflate; libxml2
// already links zlib, so its header rides along here rather than in a target of its own.
#include <zlib.h>
#endif
