/*
 * version.c - the version of the loaded library. The build-info JSON, which
 * names backends and libraries, lives with the backends (lib/backend/build_info.c)
 * so that core stays below every other layer.
 */
#include "internal.h"

uint32_t bc_version_number(void) { return BC_VERSION_NUMBER; }
const char *bc_version_string(void) { return BC_VERSION_STRING; }
uint32_t bc_abi_version(void) { return BC_ABI_VERSION; }
