/*
 * rl_file.c - the checksummed container of PPO checkpoints and policies
 * (rl_file.h): writing through the atomic writer, reading with every size
 * checked before it is used.
 */
#include "rl/rl_file.h"

#include "botcopier.h"
#include "core/atomic_file.h"
#include "core/internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#define RL_MAGIC "BCPPO\0\r\n"
#define RL_HEADER 32

void rl_out_bytes(rl_out *o, const void *p, size_t n)
{
    if (o->failed)
        return;
    if (o->size + n > o->capacity) {
        size_t cap = o->capacity ? o->capacity : 4096;
        while (cap < o->size + n)
            cap *= 2;
        uint8_t *d = realloc(o->data, cap);
        if (!d) {
            o->failed = 1;
            return;
        }
        o->data = d;
        o->capacity = cap;
    }
    if (n)
        memcpy(o->data + o->size, p, n);
    o->size += n;
}

void rl_out_u32(rl_out *o, uint32_t v) { rl_out_bytes(o, &v, sizeof v); }
void rl_out_u64(rl_out *o, uint64_t v) { rl_out_bytes(o, &v, sizeof v); }
void rl_out_f64(rl_out *o, double v) { rl_out_bytes(o, &v, sizeof v); }

void rl_out_str(rl_out *o, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    rl_out_u32(o, (uint32_t)n);
    rl_out_bytes(o, s, n);
}

static void put_u32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put_u64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

int32_t rl_out_commit(rl_out *o, const char *path, uint32_t kind)
{
    if (o->failed) {
        free(o->data);
        o->data = NULL;
        return bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory building the file", path);
    }
    uint8_t header[RL_HEADER];
    memcpy(header, RL_MAGIC, 8);
    put_u32(header + 8, RL_FILE_VERSION);
    put_u32(header + 12, kind);
    put_u64(header + 16, (uint64_t)o->size);
    put_u64(header + 24, 0);
    uint64_t seed = XXH64(header, 24, 0);
    put_u64(header + 24, XXH64(o->data, o->size, seed));
    bc_atomic_file *af = NULL;
    FILE *f = NULL;
    int32_t rc = bc_atomic_open(path, &af, &f);
    if (rc == BC_OK) {
        if (fwrite(header, 1, RL_HEADER, f) != RL_HEADER ||
            (o->size && fwrite(o->data, 1, o->size, f) != o->size)) {
            bc_atomic_abort(af);
            rc = bc_fail(BC_E_IO, "%s: write failed: %s", path, strerror(errno));
        } else {
            rc = bc_atomic_commit(af);
        }
    }
    free(o->data);
    o->data = NULL;
    return rc;
}

int32_t rl_in_open(rl_in *in, const char *path, uint32_t kind_wanted)
{
    memset(in, 0, sizeof *in);
    in->path = path;
    FILE *f = bc_fopen(path, "rb");
    if (!f)
        return bc_fail(BC_E_IO, "%s: cannot open: %s", path, strerror(errno));
    uint8_t header[RL_HEADER];
    size_t got = fread(header, 1, RL_HEADER, f);
    if (got < 8 || memcmp(header, RL_MAGIC, 8) != 0) {
        fclose(f);
        return bc_fail(BC_E_FORMAT, "%s: not a botcopier PPO checkpoint or policy file", path);
    }
    if (got < RL_HEADER) {
        fclose(f);
        return bc_fail(BC_E_CORRUPT, "%s: truncated: %zu bytes, the header alone has %d", path,
                       got, RL_HEADER);
    }
    uint32_t version, kind;
    uint64_t size, sum;
    memcpy(&version, header + 8, 4);
    memcpy(&kind, header + 12, 4);
    memcpy(&size, header + 16, 8);
    memcpy(&sum, header + 24, 8);
    if (version > RL_FILE_VERSION) {
        fclose(f);
        return bc_fail(BC_E_VERSION, "%s: format version %u, this library reads up to %d", path,
                       version, RL_FILE_VERSION);
    }
    if (kind != RL_KIND_CHECKPOINT && kind != RL_KIND_POLICY) {
        fclose(f);
        return bc_fail(BC_E_CORRUPT, "%s: unknown file kind %u", path, kind);
    }
    if (kind_wanted && kind != kind_wanted) {
        fclose(f);
        return bc_fail(BC_E_FORMAT, "%s: a %s file, expected a %s", path,
                       kind == RL_KIND_POLICY ? "policy" : "checkpoint",
                       kind_wanted == RL_KIND_POLICY ? "policy" : "checkpoint");
    }
    if (size > ((uint64_t)1 << 40)) {
        fclose(f);
        return bc_fail(BC_E_CORRUPT, "%s: payload size %llu is implausible", path,
                       (unsigned long long)size);
    }
    in->file = malloc(size ? (size_t)size : 1);
    if (!in->file) {
        fclose(f);
        return bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory for %llu bytes", path,
                       (unsigned long long)size);
    }
    got = fread(in->file, 1, (size_t)size, f);
    int extra = fgetc(f) != EOF;
    fclose(f);
    if (got != size) {
        rl_in_close(in);
        return bc_fail(BC_E_CORRUPT, "%s: truncated: %zu payload bytes of %llu", path, got,
                       (unsigned long long)size);
    }
    if (extra) {
        rl_in_close(in);
        return bc_fail(BC_E_CORRUPT, "%s: bytes after the %llu-byte payload", path,
                       (unsigned long long)size);
    }
    put_u64(header + 24, 0);
    uint64_t seed = XXH64(header, 24, 0);
    if (XXH64(in->file, (size_t)size, seed) != sum) {
        rl_in_close(in);
        return bc_fail(BC_E_CORRUPT, "%s: checksum mismatch (the file is corrupted)", path);
    }
    in->p = in->file;
    in->end = in->file + size;
    in->kind = kind;
    return BC_OK;
}

void rl_in_close(rl_in *in)
{
    free(in->file);
    in->file = NULL;
    in->p = in->end = NULL;
}

int32_t rl_in_bytes(rl_in *in, void *dst, size_t n, const char *what)
{
    if ((size_t)(in->end - in->p) < n)
        return bc_fail(BC_E_CORRUPT, "%s: the payload ends inside %s", in->path, what);
    if (n)
        memcpy(dst, in->p, n);
    in->p += n;
    return BC_OK;
}

int32_t rl_in_u32(rl_in *in, uint32_t *v, const char *what) { return rl_in_bytes(in, v, 4, what); }
int32_t rl_in_u64(rl_in *in, uint64_t *v, const char *what) { return rl_in_bytes(in, v, 8, what); }
int32_t rl_in_f64(rl_in *in, double *v, const char *what) { return rl_in_bytes(in, v, 8, what); }

int32_t rl_in_str(rl_in *in, char **s, const char *what)
{
    uint32_t n = 0;
    int32_t rc = rl_in_u32(in, &n, what);
    if (rc != BC_OK)
        return rc;
    if ((size_t)(in->end - in->p) < n)
        return bc_fail(BC_E_CORRUPT, "%s: the payload ends inside %s", in->path, what);
    *s = malloc((size_t)n + 1);
    if (!*s)
        return bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory reading %s", in->path, what);
    memcpy(*s, in->p, n);
    (*s)[n] = '\0';
    in->p += n;
    return BC_OK;
}
