#ifndef TUSK_CLIBPQ_SHIM_H
#define TUSK_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
