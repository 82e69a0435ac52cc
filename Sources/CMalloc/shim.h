// glibc's allocator settings (mallopt), set by the command line at start-up.
#include <malloc.h>
