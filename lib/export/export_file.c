/*
 * export_file.c - writes an exporter's finished buffer to disk so that a
 * reader sees the old file or the complete new one, never a partial one:
 * temporary file in the same directory, fsync, rename over the target.
 */
#include "export/export_ir.h"

#include "core/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int32_t bc_export_write_file(const char *path, const void *data, int64_t size)
{
    if (!path || !*path || (!data && size > 0) || size < 0)
        return bc_fail(BC_E_INVALID_ARGUMENT, "export: no output path or data");
    size_t n = strlen(path);
    char *tmp = malloc(n + 16);
    if (!tmp)
        return bc_fail(BC_E_OUT_OF_MEMORY, "export: path '%s'", path);
    snprintf(tmp, n + 16, "%s.tmpXXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int32_t rc = bc_fail(BC_E_IO, "export: cannot create a temporary file "
                             "next to '%s': %s", path, strerror(errno));
        free(tmp);
        return rc;
    }
    const char *step = NULL;
    const uint8_t *p = data;
    int64_t left = size;
    while (left > 0 && !step) {
        ssize_t w = write(fd, p, (size_t)left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            step = "write";
        else
            p += w, left -= w;
    }
    if (!step && fchmod(fd, 0644) != 0)
        step = "chmod";
    if (!step && fsync(fd) != 0)
        step = "fsync";
    if (close(fd) != 0 && !step)
        step = "close";
    if (!step && bc_replace_file(tmp, path) != 0)
        step = "rename";
    if (step) {
        int32_t rc = bc_fail(BC_E_IO, "export: %s of '%s' failed: %s", step,
                             path, strerror(errno));
        unlink(tmp);
        free(tmp);
        return rc;
    }
    free(tmp);
    return BC_OK;
}
