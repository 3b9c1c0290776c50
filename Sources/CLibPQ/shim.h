#ifndef OMS_CLIBPQ_SHIM_H
#define OMS_CLIBPQ_SHIM_H
// Debian's libpq-dev; the include path comes from pkg-config (libpq).
#include <libpq-fe.h>
#endif
