/*
 * export_file.c - writes an exporter's finished buffer to disk through the
 * core's atomic file (temporary file in the same directory, fsync, rename),
 * so a reader sees the old file or the complete new one, never a partial one.
 */
#include "export/export_ir.h"

#include "core/atomic_file.h"
#include "core/internal.h"


int32_t bc_export_write_file(const char *path, const void *data, int64_t size)
{
    if (!path || !*path || (!data && size > 0) || size < 0)
        return bc_fail(BC_E_INVALID_ARGUMENT, "export: no output path or data");
    return bc_atomic_write_file(path, data, (size_t)size);
}
