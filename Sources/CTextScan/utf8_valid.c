// UTF-8 validation 32 bytes at a time with AVX2 table lookups, after John Keiser and
// Daniel Lemire, "Validating UTF-8 In Less Than One Instruction Per Byte" (Software:
// Practice and Experience, 2021): each byte's high nibble, the one before's high and
// low nibbles index three 16-entry tables of error classes; a byte pair is wrong when
// the three agree on a class. Runs of ASCII skip the lookups.
#include "text_scan.h"

#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#include <stdatomic.h>

// Error classes (a bit each) of the byte pair (previous byte, this byte).
enum {
    TOO_SHORT = 1 << 0,       // a lead byte followed by a lead byte or ASCII
    TOO_LONG = 1 << 1,        // ASCII followed by a continuation byte
    OVERLONG_3 = 1 << 2,      // E0 80..9F
    TOO_LARGE = 1 << 3,       // F4 90..BF, or F5..FF
    SURROGATE = 1 << 4,       // ED A0..BF
    OVERLONG_2 = 1 << 5,      // C0..C1
    TOO_LARGE_1000 = 1 << 6,  // F5..FF 80..8F
    OVERLONG_4 = 1 << 6,      // F0 80..8F
    TWO_CONTS = 1 << 7,       // a continuation byte after a continuation byte (unless it is
                              // a third or fourth byte, told apart below)
    CARRY = TOO_SHORT | TOO_LONG | TWO_CONTS,
};

#define TABLE(...) _mm256_setr_epi8(__VA_ARGS__, __VA_ARGS__)

__attribute__((target("avx2"))) static inline __m256i previous(__m256i input, __m256i before, int n) {
    // The bytes shifted right by n across the two halves: byte i is byte i - n of the
    // 64 bytes (before, input).
    __m256i joined = _mm256_permute2x128_si256(before, input, 0x21);
    switch (n) {
    case 1: return _mm256_alignr_epi8(input, joined, 15);
    case 2: return _mm256_alignr_epi8(input, joined, 14);
    default: return _mm256_alignr_epi8(input, joined, 13);
    }
}

__attribute__((target("avx2"))) static inline __m256i errors(__m256i input, __m256i before) {
    const __m256i low4 = _mm256_set1_epi8(0x0F);
    __m256i prev1 = previous(input, before, 1);
    __m256i byte1High = _mm256_shuffle_epi8(
        TABLE(TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TWO_CONTS, TWO_CONTS,
              TWO_CONTS, TWO_CONTS, TOO_SHORT | OVERLONG_2, TOO_SHORT, TOO_SHORT | OVERLONG_3 | SURROGATE,
              TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4),
        _mm256_and_si256(_mm256_srli_epi16(prev1, 4), low4));
    __m256i byte1Low = _mm256_shuffle_epi8(
        TABLE(CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4, CARRY | OVERLONG_2, CARRY, CARRY, CARRY | TOO_LARGE,
              CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
              CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
              CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
              CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE, CARRY | TOO_LARGE | TOO_LARGE_1000,
              CARRY | TOO_LARGE | TOO_LARGE_1000),
        _mm256_and_si256(prev1, low4));
    __m256i byte2High = _mm256_shuffle_epi8(
        TABLE(TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
              TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4,
              TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE,
              TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
              TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT),
        _mm256_and_si256(_mm256_srli_epi16(input, 4), low4));
    __m256i special = _mm256_and_si256(_mm256_and_si256(byte1High, byte1Low), byte2High);
    // A continuation byte that is the third or fourth of its sequence is expected (the
    // tables mark it TWO_CONTS); anywhere else TWO_CONTS is an error.
    __m256i third = _mm256_subs_epu8(previous(input, before, 2), _mm256_set1_epi8((char)(0xE0 - 0x80)));
    __m256i fourth = _mm256_subs_epu8(previous(input, before, 3), _mm256_set1_epi8((char)(0xF0 - 0x80)));
    __m256i expected = _mm256_and_si256(_mm256_or_si256(third, fourth), _mm256_set1_epi8((char)0x80));
    return _mm256_xor_si256(expected, special);
}

// Nonzero where the block's last bytes start a sequence that needs more bytes.
__attribute__((target("avx2"))) static inline __m256i incomplete(__m256i input) {
    const __m256i limits = _mm256_setr_epi8(
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        (char)(0xF0 - 1), (char)(0xE0 - 1), (char)(0xC0 - 1));
    return _mm256_subs_epu8(input, limits);
}

__attribute__((target("avx2"))) static int validAVX2(const unsigned char *bytes, size_t count) {
    __m256i error = _mm256_setzero_si256();
    __m256i before = _mm256_setzero_si256();
    __m256i pending = _mm256_setzero_si256();
    size_t i = 0;
    for (;;) {
        __m256i input;
        int last = 0;
        if (i + 32 <= count) {
            input = _mm256_loadu_si256((const __m256i *)(bytes + i));
        } else {
            // The tail, padded with zeros (ASCII: a sequence cut off by the end shows
            // as too short).
            unsigned char tail[32] = {0};
            if (count > i) memcpy(tail, bytes + i, count - i);
            input = _mm256_loadu_si256((const __m256i *)tail);
            last = 1;
        }
        if (_mm256_movemask_epi8(input) == 0) {
            // ASCII: only a sequence left open by the block before is wrong.
            error = _mm256_or_si256(error, pending);
        } else {
            error = _mm256_or_si256(error, errors(input, before));
            pending = incomplete(input);
        }
        if (last) break;
        before = input;
        i += 32;
        // Now and then, stop at the first error rather than at the end.
        if ((i & 4095) == 0 && !_mm256_testz_si256(error, error)) return 0;
    }
    return _mm256_testz_si256(error, error);
}

// Whether the processor has AVX2 and the system saves its registers.
static int hasAVX2(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_OSXSAVE) || !(c & bit_AVX)) return 0;
    unsigned low, high;
    __asm__("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
    if ((low & 6) != 6) return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b & bit_AVX2) != 0;
}

int suanpan_utf8_valid(const unsigned char *bytes, size_t count) {
    // 0 not asked yet, 1 yes, 2 no.
    static atomic_int avx2;
    int known = atomic_load_explicit(&avx2, memory_order_relaxed);
    if (known == 0) {
        known = hasAVX2() ? 1 : 2;
        atomic_store_explicit(&avx2, known, memory_order_relaxed);
    }
    if (known != 1) return -1;
    return validAVX2(bytes, count);
}

#else

int suanpan_utf8_valid(const unsigned char *bytes, size_t count) {
    (void)bytes;
    (void)count;
    return -1;
}

#endif
