// Byte-level text checks that vector instructions make several times faster.
#ifndef SUANPAN_TEXT_SCAN_H
#define SUANPAN_TEXT_SCAN_H

#include <stddef.h>
#include <stdint.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// Whether the bytes are well-formed UTF-8 (no overlong forms, no surrogates, nothing
/// above U+10FFFF): 1 or 0. Returns -1 when this processor has no vector unit for it
/// (then the caller checks the bytes itself).
int suanpan_utf8_valid(const unsigned char *bytes, size_t count);

/// One bit for each of the 64 bytes at `p` that is a comma, a line feed or a carriage
/// return (bit k for byte k). Inline, in SSE2 (every x86-64 has it), so that Swift
/// code calling it in a loop compiles to a few vector instructions.
static inline uint64_t suanpan_csv_delimiters64(const unsigned char *p) {
#if defined(__SSE2__)
    const __m128i comma = _mm_set1_epi8(','), lineFeed = _mm_set1_epi8('\n'), carriageReturn = _mm_set1_epi8('\r');
    uint64_t bits = 0;
    for (int k = 0; k < 4; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + 16 * k));
        __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, lineFeed)),
                                   _mm_cmpeq_epi8(v, carriageReturn));
        bits |= (uint64_t)(uint32_t)_mm_movemask_epi8(hit) << (16 * k);
    }
    return bits;
#else
    uint64_t bits = 0;
    for (int k = 0; k < 64; k++) {
        if (p[k] == ',' || p[k] == '\n' || p[k] == '\r') bits |= (uint64_t)1 << k;
    }
    return bits;
#endif
}

#endif
