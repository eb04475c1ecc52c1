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

int rl_image_magic(const uint8_t *data, uint64_t size)
{
    return size >= 8 && memcmp(data, RL_MAGIC, 8) == 0;
}

int32_t rl_out_image(rl_out *o, uint32_t kind, uint8_t **image, uint64_t *size)
{
    *image = NULL;
    *size = 0;
    if (!o->failed) {
        uint8_t *file = malloc(RL_HEADER + o->size);
        if (file) {
            memcpy(file, RL_MAGIC, 8);
            put_u32(file + 8, RL_FILE_VERSION);
            put_u32(file + 12, kind);
            put_u64(file + 16, (uint64_t)o->size);
            put_u64(file + 24, 0);
            uint64_t seed = XXH64(file, 24, 0);
            put_u64(file + 24, XXH64(o->data, o->size, seed));
            if (o->size)
                memcpy(file + RL_HEADER, o->data, o->size);
            *image = file;
            *size = RL_HEADER + o->size;
        }
    }
    free(o->data);
    o->data = NULL;
    return *image ? BC_OK : bc_fail(BC_E_OUT_OF_MEMORY, "out of memory building the file");
}

int32_t rl_out_commit(rl_out *o, const char *path, uint32_t kind)
{
    uint8_t *image = NULL;
    uint64_t size = 0;
    int32_t rc = rl_out_image(o, kind, &image, &size);
    if (rc != BC_OK)
        return bc_fail_context(rc, "%s: ", path);
    bc_atomic_file *af = NULL;
    FILE *f = NULL;
    rc = bc_atomic_open(path, &af, &f);
    if (rc == BC_OK) {
        if (fwrite(image, 1, (size_t)size, f) != (size_t)size) {
            bc_atomic_abort(af);
            rc = bc_fail(BC_E_IO, "%s: write failed: %s", path, strerror(errno));
        } else {
            rc = bc_atomic_commit(af);
        }
    }
    free(image);
    return rc;
}

int32_t rl_in_image(rl_in *in, const char *name, uint8_t *file, uint64_t got,
                    uint32_t kind_wanted)
{
    memset(in, 0, sizeof *in);
    in->path = name;
    in->file = file; /* owned from here on */
    if (got < 8 || memcmp(file, RL_MAGIC, 8) != 0) {
        rl_in_close(in);
        return bc_fail(BC_E_FORMAT, "%s: not a botcopier PPO checkpoint or policy file", name);
    }
    if (got < RL_HEADER) {
        rl_in_close(in);
        return bc_fail(BC_E_CORRUPT, "%s: truncated: %llu bytes, the header alone has %d", name,
                       (unsigned long long)got, RL_HEADER);
    }
    uint8_t header[RL_HEADER];
    memcpy(header, file, RL_HEADER);
    uint32_t version, kind;
    uint64_t size, sum;
    memcpy(&version, header + 8, 4);
    memcpy(&kind, header + 12, 4);
    memcpy(&size, header + 16, 8);
    memcpy(&sum, header + 24, 8);
    int32_t rc = BC_OK;
    if (version > RL_FILE_VERSION)
        rc = bc_fail(BC_E_VERSION, "%s: format version %u, this library reads up to %d", name,
                     version, RL_FILE_VERSION);
    else if (kind != RL_KIND_CHECKPOINT && kind != RL_KIND_POLICY)
        rc = bc_fail(BC_E_CORRUPT, "%s: unknown file kind %u", name, kind);
    else if (kind_wanted && kind != kind_wanted)
        rc = bc_fail(BC_E_FORMAT, "%s: a %s file, expected a %s", name,
                     kind == RL_KIND_POLICY ? "policy" : "checkpoint",
                     kind_wanted == RL_KIND_POLICY ? "policy" : "checkpoint");
    else if (size > ((uint64_t)1 << 40))
        rc = bc_fail(BC_E_CORRUPT, "%s: payload size %llu is implausible", name,
                     (unsigned long long)size);
    else if (got - RL_HEADER < size)
        rc = bc_fail(BC_E_CORRUPT, "%s: truncated: %llu payload bytes of %llu", name,
                     (unsigned long long)(got - RL_HEADER), (unsigned long long)size);
    else if (got - RL_HEADER > size)
        rc = bc_fail(BC_E_CORRUPT, "%s: bytes after the %llu-byte payload", name,
                     (unsigned long long)size);
    if (rc == BC_OK) {
        put_u64(header + 24, 0);
        uint64_t seed = XXH64(header, 24, 0);
        if (XXH64(file + RL_HEADER, (size_t)size, seed) != sum)
            rc = bc_fail(BC_E_CORRUPT, "%s: checksum mismatch (the file is corrupted)", name);
    }
    if (rc != BC_OK) {
        rl_in_close(in);
        return rc;
    }
    in->p = file + RL_HEADER;
    in->end = in->p + size;
    in->kind = kind;
    in->version = version;
    return BC_OK;
}

int32_t rl_in_open(rl_in *in, const char *path, uint32_t kind_wanted)
{
    memset(in, 0, sizeof *in);
    in->path = path;
    FILE *f = bc_fopen(path, "rb");
    if (!f)
        return bc_fail(BC_E_IO, "%s: cannot open: %s", path, strerror(errno));
    /* the whole file, growing: the header's size is checked once it is in */
    size_t cap = 1 << 16, got = 0;
    uint8_t *buf = malloc(cap);
    while (buf) {
        got += fread(buf + got, 1, cap - got, f);
        if (got < cap || cap >= ((size_t)1 << 41))
            break;
        uint8_t *grown = realloc(buf, cap * 2);
        if (!grown) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = grown;
        cap *= 2;
    }
    int err = ferror(f);
    fclose(f);
    if (!buf)
        return bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory reading the file", path);
    if (err) {
        free(buf);
        return bc_fail(BC_E_IO, "%s: read error", path);
    }
    return rl_in_image(in, path, buf, got, kind_wanted);
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
