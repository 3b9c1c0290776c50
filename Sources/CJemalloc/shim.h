// jemalloc, the daemon's allocator: linked in, it takes the place of glibc's
// malloc for the whole process (docs/decisions/0011-allocator.md).
#include <jemalloc/jemalloc.h>
