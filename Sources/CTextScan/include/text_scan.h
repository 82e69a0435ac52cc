// Byte-level text checks that vector instructions make several times faster.
#ifndef SUANPAN_TEXT_SCAN_H
#define SUANPAN_TEXT_SCAN_H

#include <stddef.h>

/// Whether the bytes are well-formed UTF-8 (no overlong forms, no surrogates, nothing
/// above U+10FFFF): 1 or 0. Returns -1 when this processor has no vector unit for it
/// (then the caller checks the bytes itself).
int suanpan_utf8_valid(const unsigned char *bytes, size_t count);

#endif
