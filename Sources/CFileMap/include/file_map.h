// A file's pages mapped read-only while a load reads them, guarded against SIGBUS.
//
// Reading a mapped page past the end of a file kills the process with SIGBUS; that
// happens when another program cuts the file short while it is mapped. A guarded
// mapping instead gets zero-filled pages from that point on and is marked as cut, so
// the load can see it and refuse the file. The guard answers only for addresses inside
// a guarded mapping; any other SIGBUS goes to the handler that was there before.
#ifndef SUANPAN_FILE_MAP_H
#define SUANPAN_FILE_MAP_H

#include <stddef.h>

/// Maps `size` (> 0) bytes of `fd` from offset 0, read-only. Returns
/// NULL with errno set when it cannot (then read the file instead); else the mapping,
/// with its guard slot in `*slot`.
const unsigned char *suanpan_map_file(int fd, size_t size, int *slot);

/// Whether a page of the mapping in `slot` was found missing (the file was cut short).
int suanpan_map_was_cut(int slot);

/// Unmaps and frees the slot.
void suanpan_unmap_file(const unsigned char *base, size_t size, int slot);

#endif
