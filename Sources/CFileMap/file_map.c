// See include/file_map.h.
#define _GNU_SOURCE
#include "file_map.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

// Guarded ranges, read by the signal handler: lock-free, fixed in size. A slot is
// taken by setting its start last (after its size), and freed by clearing its start
// first (before the pages are unmapped).
enum { SLOTS = 64 };
static struct {
    _Atomic uintptr_t start;
    _Atomic size_t size;
    atomic_int cut;
    atomic_int taken;
} slots[SLOTS];

static struct sigaction previous;
// The page size, read before any signal (sysconf is not async-signal-safe).
static uintptr_t pageSize;
static pthread_once_t installed = PTHREAD_ONCE_INIT;
static int installFailed;

static void onBusError(int signal, siginfo_t *info, void *context) {
    uintptr_t address = (uintptr_t)info->si_addr;
    for (int k = 0; k < SLOTS; k++) {
        uintptr_t start = atomic_load(&slots[k].start);
        size_t size = atomic_load(&slots[k].size);
        if (start == 0 || address < start || address - start >= size) continue;
        // The rest of the mapping from the missing page on becomes zero-filled memory;
        // returning retries the read, which then sees zeros.
        uintptr_t page = address & ~(pageSize - 1);
        int saved = errno;
        void *p = mmap((void *)page, start + size - page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        errno = saved;
        if (p == MAP_FAILED) break;
        atomic_store(&slots[k].cut, 1);
        return;
    }
    // Not a guarded page: what would have happened without the guard.
    if (previous.sa_flags & SA_SIGINFO) {
        if (previous.sa_sigaction) {
            previous.sa_sigaction(signal, info, context);
            return;
        }
    } else if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN) {
        previous.sa_handler(signal);
        return;
    }
    // The default action: returning retries the read, which faults again and ends the
    // process as an unguarded SIGBUS would.
    struct sigaction fallback;
    memset(&fallback, 0, sizeof fallback);
    fallback.sa_handler = SIG_DFL;
    sigaction(SIGBUS, &fallback, NULL);
}

static void install(void) {
    pageSize = (uintptr_t)sysconf(_SC_PAGESIZE);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = onBusError;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    installFailed = sigaction(SIGBUS, &action, &previous) != 0;
}

const unsigned char *suanpan_map_file(int fd, size_t size, int *slot) {
    if (size == 0) {
        errno = EINVAL;
        return NULL;
    }
    pthread_once(&installed, install);
    if (installFailed) {
        errno = ENOTSUP;
        return NULL;
    }
    int k = 0;
    for (; k < SLOTS; k++) {
        int expected = 0;
        if (atomic_compare_exchange_strong(&slots[k].taken, &expected, 1)) break;
    }
    if (k == SLOTS) {
        errno = EMFILE;
        return NULL;
    }
    // Not populated up front: the first reads, on all cores, map the pages as they go.
    void *p = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
        atomic_store(&slots[k].taken, 0);
        return NULL;
    }
    atomic_store(&slots[k].cut, 0);
    atomic_store(&slots[k].size, size);
    atomic_store(&slots[k].start, (uintptr_t)p);
    *slot = k;
    return p;
}

int suanpan_map_was_cut(int slot) { return atomic_load(&slots[slot].cut); }

void suanpan_unmap_file(const unsigned char *base, size_t size, int slot) {
    atomic_store(&slots[slot].start, 0);
    munmap((void *)base, size);
    atomic_store(&slots[slot].taken, 0);
}
