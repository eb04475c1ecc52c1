/*
 * atomic_file.c - temp file + fsync + rename, so a crash or a full disk never
 * leaves a truncated file under the target's name; temporary names are
 * unique per writer, and one a killed writer left behind is removed by the
 * next writer of the same target. Owns only the file mechanics; what goes
 * into the file belongs to the callers.
 */
#include "core/atomic_file.h"
#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#if defined(_WIN32)
#include <io.h>
#else
#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#endif

struct bc_atomic_file {
    FILE *stream;
    char *target;
    char *temp;
};

static void atomic_release(bc_atomic_file *af)
{
    free(af->target);
    free(af->temp);
    free(af);
}

#if !defined(_WIN32)
/* A writer killed before its rename leaves "<target>.tmp.xxxxxx" behind.
 * Every writer holds an exclusive flock on its temporary file (released by
 * the kernel when the process dies), so a temporary of the same target that
 * can be locked has no live writer: it is removed. Best effort, silent. */
static void remove_stale_temps(const char *target, const char *ours)
{
    const char *slash = strrchr(target, '/');
    char dir[4096];
    size_t dlen = slash ? (size_t)(slash - target) : 0;
    if (dlen >= sizeof dir)
        return;
    memcpy(dir, target, dlen);
    dir[dlen] = '\0';
    const char *base = slash ? slash + 1 : target;
    size_t blen = strlen(base);
    DIR *d = opendir(slash ? (dlen ? dir : "/") : ".");
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *name = e->d_name;
        if (strncmp(name, base, blen) != 0 || strncmp(name + blen, ".tmp.", 5) != 0 ||
            strlen(name + blen + 5) != 6 || strspn(name + blen + 5, "0123456789abcdef") != 6)
            continue;
        char full[8300];
        snprintf(full, sizeof full, "%s%s%s", slash ? (dlen ? dir : "") : "", slash ? "/" : "",
                 name);
        if (strcmp(full, ours) == 0)
            continue;
        int fd = open(full, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0)
            continue;
        if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
            unlink(full);
            bc_log(BC_LOG_INFO, "%s: removed %s, left by a writer that stopped before "
                   "finishing", target, full);
        }
        close(fd);
    }
    closedir(d);
}
#endif

int32_t bc_atomic_open(const char *path, bc_atomic_file **out, FILE **stream)
{
    if (!path || !out || !stream)
        return bc_fail_null("bc_atomic_open", "path", (const void *)path, "out", (const void *)out, "stream", (const void *)stream, (const char *)NULL);
    *out = NULL;
    *stream = NULL;
    if (path[0] == '\0')
        return bc_fail(BC_E_INVALID_ARGUMENT, "empty output path");
    size_t n = strlen(path);
    bc_atomic_file *af = calloc(1, sizeof *af);
    if (!af)
        return bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory", path);
    af->target = malloc(n + 1);
    af->temp = malloc(n + 16);
    if (!af->target || !af->temp) {
        atomic_release(af);
        return bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory", path);
    }
    memcpy(af->target, path, n + 1);
    /* Same directory as the target, so rename() never crosses devices. */
    snprintf(af->temp, n + 16, "%s.tmp.XXXXXX", path);
#if defined(_WIN32)
    /* _mktemp_s picks a name no file has; bc_fopen takes the UTF-8 path. */
    if (_mktemp_s(af->temp, n + 16) == 0)
        af->stream = bc_fopen(af->temp, "wb");
#else
    /* Not mkstemp: its files are 0600, and a model or log a user writes
     * should get the usual permissions (0666 less the umask), like any file
     * the process creates. O_EXCL keeps the name ours alone. */
    static unsigned counter;
    int fd = -1;
    for (int attempt = 0; attempt < 100 && fd < 0; attempt++) {
        snprintf(af->temp, n + 16, "%s.tmp.%06x", path,
                 ((unsigned)getpid() * 2654435761u +
                  __atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED)) & 0xffffffu);
        fd = open(af->temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    if (fd >= 0 && flock(fd, LOCK_EX) != 0) /* ours while we live: see remove_stale_temps */
        close(fd), unlink(af->temp), fd = -1;
    if (fd >= 0 && !(af->stream = fdopen(fd, "wb")))
        close(fd), unlink(af->temp);
    if (af->stream)
        remove_stale_temps(path, af->temp);
#endif
    if (!af->stream) {
        int32_t rc = bc_fail(BC_E_IO, "%s: cannot create temporary file: %s",
                             path, strerror(errno));
        atomic_release(af);
        return rc;
    }
    *out = af;
    *stream = af->stream;
    return BC_OK;
}

int32_t bc_atomic_commit(bc_atomic_file *af)
{
    if (!af)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_atomic_commit: NULL file");
    const char *step = NULL;
    int err = 0;
    if (fflush(af->stream) != 0 || ferror(af->stream))
        step = "write", err = errno;
#if defined(_WIN32)
    else if (_commit(_fileno(af->stream)) != 0)
        step = "flush to disk", err = errno;
#else
    else if (fsync(fileno(af->stream)) != 0)
        step = "fsync", err = errno;
#endif
    if (fclose(af->stream) != 0 && !step)
        step = "close", err = errno;
    af->stream = NULL;
    if (!step && bc_replace_file(af->temp, af->target) != 0)
        step = "rename", err = errno;
    if (step) {
        remove(af->temp);
        int32_t rc = bc_fail(BC_E_IO, "%s: %s failed: %s", af->target, step,
                             strerror(err));
        atomic_release(af);
        return rc;
    }
#if !defined(_WIN32)
    /* Make the rename itself durable: fsync the directory entry. Failure
     * here is not fatal (some filesystems refuse fsync on directories). */
    char *slash = strrchr(af->target, '/');
    if (slash) {
        *slash = '\0';
        int dfd = open(af->target[0] ? af->target : "/", O_RDONLY);
        if (dfd >= 0) {
            (void)fsync(dfd);
            close(dfd);
        }
    } else {
        int dfd = open(".", O_RDONLY);
        if (dfd >= 0) {
            (void)fsync(dfd);
            close(dfd);
        }
    }
#endif
    atomic_release(af);
    return BC_OK;
}

void bc_atomic_abort(bc_atomic_file *af)
{
    if (!af)
        return;
    if (af->stream)
        fclose(af->stream);
    remove(af->temp);
    atomic_release(af);
}

int32_t bc_atomic_write_file(const char *path, const void *data, size_t size)
{
    bc_atomic_file *af;
    FILE *stream;
    int32_t rc = bc_atomic_open(path, &af, &stream);
    if (rc != BC_OK)
        return rc;
    if (size && fwrite(data, 1, size, stream) != size) {
        bc_atomic_abort(af);
        return bc_fail(BC_E_IO, "%s: writing %zu bytes failed", path, size);
    }
    return bc_atomic_commit(af);
}

BC_API int32_t bc_write_file_atomic(const char *path, const void *data, int64_t size)
{
    if (!path || size < 0 || (size > 0 && !data))
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_write_file_atomic: %s",
                       !path ? "path is NULL" : "data is NULL or size negative");
    return bc_atomic_write_file(path, data, (size_t)size);
}
