#ifndef TUSK_CYAML_SHIM_H
#define TUSK_CYAML_SHIM_H
#include <yaml.h>
#endif
