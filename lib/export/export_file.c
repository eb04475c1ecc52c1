/*
 * export_file.c - writes an exporter's finished buffer to disk through the
 * core's atomic file (temporary file in the same directory, fsync, rename),
 * so a reader sees the old file or the complete new one, never a partial one.
 */
#include "export/export_ir.h"

#include "core/atomic_file.h"
#include "core/internal.h"

#include <stdio.h>

int32_t bc_export_write_file(const char *path, const void *data, int64_t size)
{
    if (!path || !*path || (!data && size > 0) || size < 0)
        return bc_fail(BC_E_INVALID_ARGUMENT, "export: no output path or data");
    bc_atomic_file *af = NULL;
    FILE *stream = NULL;
    int32_t rc = bc_atomic_open(path, &af, &stream);
    if (rc != BC_OK)
        return rc;
    if (size > 0 && fwrite(data, 1, (size_t)size, stream) != (size_t)size) {
        bc_atomic_abort(af);
        return bc_fail(BC_E_IO, "%s: write of %lld bytes failed", path,
                       (long long)size);
    }
    return bc_atomic_commit(af);
}
