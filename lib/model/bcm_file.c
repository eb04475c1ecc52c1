/*
 * bcm_file.c - the native model file (.bcm): a little-endian container with
 * a checksummed header, a section table and named tensors. Everything
 * inference needs is binary, so a build without jansson or zstd (the
 * Windows DLL) reads uncompressed files. Owns the file layout only; the
 * model itself is model.c.
 *
 * Layout (all integers little-endian):
 *   header, 40 bytes
 *     0  magic      8 bytes  89 'B' 'C' 'M' 0D 0A 1A 0A  (PNG-style: text-mode
 *                            transfers and foreign files are caught early)
 *     8  version    u32      BCM_FORMAT_VERSION (1)
 *    12  flags      u32      bit 0: payload is one zstd frame; other bits 0
 *    16  stored     u64      payload bytes as stored in the file
 *    24  raw        u64      payload bytes after decompression
 *    32  checksum   u64      XXH64(payload as stored, seed = XXH64(bytes 0..31, 0))
 *   payload (raw form)
 *     0  count      u32      number of sections
 *     4  reserved   u32      0
 *     8  table      count x 88 bytes:
 *          name[32] (NUL-padded UTF-8), dtype u32 (1 u8/text, 2 f32, 3 f64,
 *          4 i32, 5 i64), ndim u32 (0..4), dims u64[4] (unused = 0),
 *          offset u64 (from payload start, 8-aligned), size u64 (bytes)
 *     data of each section, each padded to 8 bytes
 * The file is exactly 40 + stored bytes; anything else is truncation or
 * trailing garbage. Sections this version does not know are ignored, so
 * version 1 readers keep reading files that only add sections.
 *
 * Optional sections added within version 1 (older readers skip them, and a
 * file without them loads with the value unknown; the version stays 1 so
 * every existing reader, the DLLs already installed in terminals included,
 * still loads new files):
 *   market.symbol     text   symbol(s) of the training bars
 *   market.time_zone  text   canonical time zone of their timestamps
 *   market.i64        i64[1] bar period in seconds
 *   market.f64        f64[2] stop-loss and take-profit distance (0 = none)
 * Each is written only when known, so a model without them is stored
 * byte for byte as before.
 */
#include "model/model.h"
#include "model/stop_rules.h"
#include "model/kind.h"
#include "model/bcm_sections.h"
#include "model/trees.h"
#include "core/atomic_file.h"
#include "core/internal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#ifdef BC_HAVE_ZSTD
#include <zstd.h>
#endif
#ifdef BC_HAVE_JANSSON
#include <jansson.h>
#endif

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "bcm_file.c copies tensors as little-endian memory images"
#endif

#define BCM_FORMAT_VERSION 1u
#define BCM_HEADER_SIZE 40
#define BCM_ENTRY_SIZE 88
#define BCM_NAME_SIZE 32
#define BCM_FLAG_ZSTD 1u
#define BCM_MAX_SECTIONS 4096
#define BCM_MAX_RAW ((uint64_t)1 << 32)
/* The largest file bc_model_load reads (documented in botcopier.h). */
#define BCM_MAX_FILE ((uint64_t)1 << 32)
#define BCM_I64_FIELDS 9
#define BCM_F64_FIELDS 4

static const uint8_t bcm_magic[8] = {0x89, 'B', 'C', 'M', 0x0D, 0x0A, 0x1A, 0x0A};

enum { DT_U8 = BC_BCM_U8, DT_F32 = BC_BCM_F32, DT_F64 = BC_BCM_F64, DT_I32 = BC_BCM_I32,
       DT_I64 = BC_BCM_I64 };
_Static_assert(BCM_NAME_SIZE == BC_BCM_NAME_SIZE, "section name size");

static uint64_t dtype_size(uint32_t dt)
{
    switch (dt) {
    case DT_U8: return 1;
    case DT_F32: case DT_I32: return 4;
    case DT_F64: case DT_I64: return 8;
    default: return 0;
    }
}

static void put_u32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void put_u64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get_u32(const uint8_t *p)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++)
        v |= (uint32_t)p[i] << (8 * i);
    return v;
}

static uint64_t get_u64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

/* ---- writing ------------------------------------------------------------- */

typedef struct section {
    char name[BCM_NAME_SIZE];
    uint32_t dtype, ndim;
    uint64_t dims[4];
    const void *data;
    uint64_t size;
} section;

struct bc_bcm_writer {
    section items[64 + 2 * BC_MODEL_MAX_LAYERS];
    int count;
    char *owned[16]; /* joined name lists and JSON to free after writing */
    int owned_count;
    int32_t ints[3 * BC_MODEL_MAX_LAYERS + 16]; /* bc_bcm_ints */
    int n_ints;
};
typedef struct bc_bcm_writer section_list;

static void add_section(section_list *s, const char *name, uint32_t dtype,
                        uint32_t ndim, uint64_t d0, uint64_t d1,
                        const void *data)
{
    section *e = &s->items[s->count++];
    memset(e, 0, sizeof *e);
    snprintf(e->name, sizeof e->name, "%s", name);
    e->dtype = dtype;
    e->ndim = ndim;
    e->dims[0] = d0;
    e->dims[1] = ndim > 1 ? d1 : 0;
    e->data = data;
    e->size = dtype_size(dtype) * d0 * (ndim > 1 ? d1 : 1);
}

void bc_bcm_add(bc_bcm_writer *w, const char *name, uint32_t dtype, uint32_t ndim, uint64_t d0,
                uint64_t d1, const void *data)
{
    add_section(w, name, dtype, ndim, d0, d1, data);
}

int32_t *bc_bcm_ints(bc_bcm_writer *w, int32_t n)
{
    int32_t *p = w->ints + w->n_ints;
    w->n_ints += n; /* bounded by the callers (bcm_sections.h) */
    return p;
}

static void add_text(section_list *s, const char *name, const char *text,
                     uint64_t size)
{
    add_section(s, name, DT_U8, 1, size, 0, text);
}

/* Names joined as name0 NUL name1 NUL ... (every name NUL-terminated). */
static char *join_names(char *const *names, int32_t n, uint64_t *size)
{
    uint64_t total = 0;
    for (int32_t i = 0; i < n; i++)
        total += strlen(names[i]) + 1;
    char *buf = malloc(total ? total : 1);
    if (!buf)
        return NULL;
    char *p = buf;
    for (int32_t i = 0; i < n; i++) {
        size_t len = strlen(names[i]) + 1;
        memcpy(p, names[i], len);
        p += len;
    }
    *size = total;
    return buf;
}

static int32_t build_payload(const bc_model *m, uint8_t **out, uint64_t *out_size)
{
    section_list s;
    memset(&s, 0, sizeof s);
    int64_t ints[BCM_I64_FIELDS] = {m->kind, m->n_features, m->n_classes, m->norm_kind,
                                    m->n_layers, m->has_calibration, m->trained_at,
                                    m->num_samples, m->last_event_id};
    double reals[BCM_F64_FIELDS] = {m->threshold, m->calibration_coef,
                                    m->calibration_intercept, m->half_life_days};
    uint64_t F = (uint64_t)m->n_features;
    add_section(&s, "model.i64", DT_I64, 1, BCM_I64_FIELDS, 0, ints);
    add_section(&s, "model.f64", DT_F64, 1, BCM_F64_FIELDS, 0, reals);
    /* The kind's own tensors: layers or ensemble (kind_dense.c, kind_trees.c). */
    bc_model_kind_ops_of(m->kind)->save_sections(m, &s);
    add_section(&s, "norm.center", DT_F64, 1, F, 0, m->center);
    add_section(&s, "norm.scale", DT_F64, 1, F, 0, m->scale);
    add_section(&s, "norm.clip_low", DT_F64, 1, F, 0, m->clip_low);
    add_section(&s, "norm.clip_high", DT_F64, 1, F, 0, m->clip_high);
    if (m->class_thresholds)
        add_section(&s, "class_thresholds", DT_F64, 1, (uint64_t)m->n_classes, 0,
                    m->class_thresholds);
    /* Optional decision flags (readers from before it ignore it). */
    int32_t decision_flags[1] = {m->allow_reentry ? 1 : 0};
    if (m->allow_reentry)
        add_section(&s, "decision.i32", DT_I32, 1, 1, 0, decision_flags);
    /* Its own section, so readers from before it load the model (and let
     * it reverse) rather than refuse an unknown flag bit. */
    int32_t no_reversal[1] = {1};
    if (m->no_reversal)
        add_section(&s, "decision.no_reversal.i32", DT_I32, 1, 1, 0, no_reversal);
    if (m->level_wait) /* likewise its own section */
        add_section(&s, "decision.level_wait.i32", DT_I32, 1, 1, 0, no_reversal);
    double breakeven[1] = {m->breakeven_atr};
    if (m->breakeven_atr > 0.0) /* likewise: readers from before it ignore it */
        add_section(&s, "decision.breakeven_atr.f64", DT_F64, 1, 1, 0, breakeven);
    int32_t max_hold[1] = {m->max_hold};
    if (m->max_hold > 0) /* likewise */
        add_section(&s, "decision.max_hold.i32", DT_I32, 1, 1, 0, max_hold);
    uint64_t fn_size = 0, cn_size = 0;
    char *fnames = join_names(m->feature_names, m->n_features, &fn_size);
    char *cnames = join_names(m->class_names, m->n_classes, &cn_size);
    s.owned[s.owned_count++] = fnames;
    s.owned[s.owned_count++] = cnames;
    int32_t rc = BC_OK;
    if (!fnames || !cnames)
        rc = bc_fail(BC_E_OUT_OF_MEMORY, "model save: out of memory");
    add_text(&s, "feature_names", fnames, fn_size);
    add_text(&s, "class_names", cnames, cn_size);
    add_text(&s, "feature_spec", m->feature_spec, strlen(m->feature_spec));
    add_text(&s, "mode", m->mode, strlen(m->mode));
    add_text(&s, "feature_flags", m->feature_flags, strlen(m->feature_flags));
    add_text(&s, "validation_metrics", m->validation_metrics, strlen(m->validation_metrics));
    add_text(&s, "extra", m->extra_json, strlen(m->extra_json));
    const struct bc_model_market *mk = &m->market;
    double stops[2] = {mk->sl_distance, mk->tp_distance};
    if (mk->symbol[0])
        add_text(&s, "market.symbol", mk->symbol, strlen(mk->symbol));
    if (mk->time_zone[0])
        add_text(&s, "market.time_zone", mk->time_zone, strlen(mk->time_zone));
    if (mk->bar_seconds > 0)
        add_section(&s, "market.i64", DT_I64, 1, 1, 0, &mk->bar_seconds);
    if (stops[0] > 0.0 || stops[1] > 0.0)
        add_section(&s, "market.f64", DT_F64, 1, 2, 0, stops);
#ifdef BC_HAVE_JANSSON
    /* A readable summary for tools; readers never need it. */
    char *meta = NULL;
    if (rc == BC_OK && (rc = bc_model_metadata_json(m, &meta)) == BC_OK) {
        s.owned[s.owned_count++] = meta;
        add_text(&s, "metadata.json", meta, strlen(meta));
    }
#endif

    uint64_t offset = 8 + (uint64_t)s.count * BCM_ENTRY_SIZE;
    uint64_t total = offset;
    for (int i = 0; i < s.count; i++)
        total += (s.items[i].size + 7) & ~(uint64_t)7;
    uint8_t *buf = rc == BC_OK ? calloc(1, total) : NULL;
    if (rc == BC_OK && !buf)
        rc = bc_fail(BC_E_OUT_OF_MEMORY, "model save: out of memory (%llu bytes)",
                     (unsigned long long)total);
    if (rc == BC_OK) {
        put_u32(buf, (uint32_t)s.count);
        for (int i = 0; i < s.count; i++) {
            const section *e = &s.items[i];
            uint8_t *t = buf + 8 + (size_t)i * BCM_ENTRY_SIZE;
            memcpy(t, e->name, BCM_NAME_SIZE);
            put_u32(t + 32, e->dtype);
            put_u32(t + 36, e->ndim);
            for (int d = 0; d < 4; d++)
                put_u64(t + 40 + 8 * d, e->dims[d]);
            put_u64(t + 72, offset);
            put_u64(t + 80, e->size);
            if (e->size)
                memcpy(buf + offset, e->data, e->size);
            offset += (e->size + 7) & ~(uint64_t)7;
        }
        *out = buf;
        *out_size = total;
    }
    for (int i = 0; i < s.owned_count; i++)
        free(s.owned[i]);
    return rc;
}

/* The whole file image: header + (optionally compressed) payload. */
static int32_t build_file(const bc_model *m, int32_t flags, uint8_t **out,
                          uint64_t *out_size)
{
    if (!m || !out)
        return bc_fail_null("model save", "m", (const void *)m, "out", (const void *)out, (const char *)NULL);
    if (flags & ~BC_MODEL_SAVE_UNCOMPRESSED)
        return bc_fail(BC_E_INVALID_ARGUMENT, "model save: unknown flags 0x%x", (unsigned)flags);
    const bc_model_kind_ops *kind = bc_model_kind_ops_of(m->kind);
    if (kind && kind->save_image) /* a policy is saved as its policy file */
        return kind->save_image(m, out, out_size);
    uint8_t *raw = NULL;
    uint64_t raw_size = 0;
    int32_t rc = build_payload(m, &raw, &raw_size);
    if (rc != BC_OK)
        return rc;
    uint32_t file_flags = 0;
    uint8_t *file = NULL;
    uint64_t stored = raw_size;
#ifdef BC_HAVE_ZSTD
    if (!(flags & BC_MODEL_SAVE_UNCOMPRESSED)) {
        size_t bound = ZSTD_compressBound((size_t)raw_size);
        file = malloc(BCM_HEADER_SIZE + bound);
        if (!file) {
            free(raw);
            return bc_fail(BC_E_OUT_OF_MEMORY, "model save: out of memory");
        }
        size_t z = ZSTD_compress(file + BCM_HEADER_SIZE, bound, raw, (size_t)raw_size, 3);
        if (ZSTD_isError(z)) {
            free(raw);
            free(file);
            return bc_fail(BC_E_INTERNAL, "model save: zstd: %s", ZSTD_getErrorName(z));
        }
        stored = z;
        file_flags |= BCM_FLAG_ZSTD;
    }
#endif
    if (!file) {
        file = malloc(BCM_HEADER_SIZE + raw_size);
        if (!file) {
            free(raw);
            return bc_fail(BC_E_OUT_OF_MEMORY, "model save: out of memory");
        }
        memcpy(file + BCM_HEADER_SIZE, raw, raw_size);
    }
    free(raw);
    memcpy(file, bcm_magic, 8);
    put_u32(file + 8, BCM_FORMAT_VERSION);
    put_u32(file + 12, file_flags);
    put_u64(file + 16, stored);
    put_u64(file + 24, raw_size);
    uint64_t seed = XXH64(file, 32, 0);
    put_u64(file + 32, XXH64(file + BCM_HEADER_SIZE, (size_t)stored, seed));
    *out = file;
    *out_size = BCM_HEADER_SIZE + stored;
    return BC_OK;
}

int32_t bc_model_save_bytes_ex(const bc_model *m, uint8_t *buf, int64_t capacity,
                               int64_t *length, int32_t flags)
{
    if (!m || !length)
        return bc_fail_null("bc_model_save_bytes", "m", (const void *)m, "length", (const void *)length, (const char *)NULL);
    if (capacity < 0 || (capacity > 0 && !buf))
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_model_save_bytes: buffer NULL or capacity %lld",
                       (long long)capacity);
    uint8_t *file = NULL;
    uint64_t size = 0;
    int32_t rc = build_file(m, flags, &file, &size);
    if (rc != BC_OK)
        return rc;
    *length = (int64_t)size;
    if ((uint64_t)capacity < size)
        rc = bc_fail(BC_E_BUFFER_TOO_SMALL, "bc_model_save_bytes: needs %llu bytes, capacity %lld",
                     (unsigned long long)size, (long long)capacity);
    else
        memcpy(buf, file, size);
    free(file);
    return rc;
}

int32_t bc_model_save_bytes(const bc_model *m, uint8_t *buf, int64_t capacity,
                            int64_t *length)
{
    return bc_model_save_bytes_ex(m, buf, capacity, length, 0);
}

int32_t bc_model_save_ex(const bc_model *m, const char *path, int32_t flags)
{
    if (!m || !path)
        return bc_fail_null("bc_model_save", "m", (const void *)m, "path", (const void *)path, (const char *)NULL);
    uint8_t *file = NULL;
    uint64_t size = 0;
    int32_t rc = build_file(m, flags, &file, &size);
    if (rc != BC_OK)
        return bc_fail_context(rc, "%s: ", path);
    rc = bc_atomic_write_file(path, file, (size_t)size);
    free(file);
    return rc;
}

int32_t bc_model_save(const bc_model *m, const char *path)
{
    return bc_model_save_ex(m, path, 0);
}

/* ---- reading ------------------------------------------------------------- */

struct bc_bcm_reader {
    const char *name; /* file name or "<bytes>" for messages */
    const uint8_t *payload;
    uint64_t size;
    uint32_t count;
};
typedef struct bc_bcm_reader reader;

/* Finds a section and checks its dtype and shape; dims[i] == 0 in want
 * means "any". Missing sections are BC_E_NOT_FOUND (callers decide). */
static int32_t find_section(const reader *r, const char *name, uint32_t dtype,
                            uint32_t ndim, const uint64_t *want_dims,
                            const uint8_t **data, uint64_t *size, uint64_t *dims)
{
    for (uint32_t i = 0; i < r->count; i++) {
        const uint8_t *t = r->payload + 8 + (uint64_t)i * BCM_ENTRY_SIZE;
        if (strncmp((const char *)t, name, BCM_NAME_SIZE) != 0)
            continue;
        uint32_t dt = get_u32(t + 32), nd = get_u32(t + 36);
        uint64_t off = get_u64(t + 72), sz = get_u64(t + 80);
        if (dt != dtype || nd != ndim)
            return bc_fail(BC_E_CORRUPT, "%s: section '%s' has dtype %u ndim %u, expected %u %u",
                           r->name, name, (unsigned)dt, (unsigned)nd, (unsigned)dtype,
                           (unsigned)ndim);
        uint64_t elems = 1;
        for (uint32_t d = 0; d < 4; d++) {
            uint64_t v = get_u64(t + 40 + 8 * d);
            if (d >= ndim ? v != 0 : (want_dims && want_dims[d] && v != want_dims[d]))
                return bc_fail(BC_E_CORRUPT, "%s: section '%s' dimension %u is %llu",
                               r->name, name, (unsigned)d, (unsigned long long)v);
            if (d < ndim) {
                if (v > BCM_MAX_RAW)
                    return bc_fail(BC_E_CORRUPT, "%s: section '%s' dimension %u is %llu",
                                   r->name, name, (unsigned)d, (unsigned long long)v);
                elems *= v;
                if (elems > BCM_MAX_RAW)
                    return bc_fail(BC_E_CORRUPT, "%s: section '%s' is too large", r->name, name);
                if (dims)
                    dims[d] = v;
            }
        }
        if (sz != elems * dtype_size(dt))
            return bc_fail(BC_E_CORRUPT, "%s: section '%s' holds %llu bytes, its shape needs %llu",
                           r->name, name, (unsigned long long)sz,
                           (unsigned long long)(elems * dtype_size(dt)));
        if (off % 8 != 0 || off > r->size || sz > r->size - off)
            return bc_fail(BC_E_CORRUPT, "%s: section '%s' at %llu+%llu lies outside the %llu-byte payload",
                           r->name, name, (unsigned long long)off, (unsigned long long)sz,
                           (unsigned long long)r->size);
        *data = r->payload + off;
        *size = sz;
        return BC_OK;
    }
    return BC_E_NOT_FOUND; /* no message: optional sections are normal */
}

/* A section the model cannot do without: missing means corrupt. */
static int32_t required_section(const reader *r, const char *name, int32_t rc)
{
    if (rc == BC_E_NOT_FOUND)
        return bc_fail(BC_E_CORRUPT, "%s: section '%s' is missing", r->name, name);
    return rc;
}

int32_t bc_bcm_find(const bc_bcm_reader *r, const char *name, uint32_t dtype, uint32_t ndim,
                    const uint64_t *want_dims, const uint8_t **data, uint64_t *size)
{
    return find_section(r, name, dtype, ndim, want_dims, data, size, NULL);
}

int32_t bc_bcm_require(const bc_bcm_reader *r, const char *name, int32_t rc)
{
    return required_section(r, name, rc);
}

const char *bc_bcm_reader_name(const bc_bcm_reader *r)
{
    return r->name;
}

uint64_t bc_bcm_reader_size(const bc_bcm_reader *r)
{
    return r->size;
}

static int32_t read_f64(const reader *r, const char *name, uint64_t n, double *dst)
{
    const uint8_t *p;
    uint64_t sz;
    uint64_t want[1] = {n};
    int32_t rc = find_section(r, name, DT_F64, 1, want, &p, &sz, NULL);
    if (rc != BC_OK)
        return required_section(r, name, rc);
    memcpy(dst, p, sz);
    return BC_OK;
}

/* A text section as a new NUL-terminated string; embedded NULs refused. */
static int32_t read_text(const reader *r, const char *name, char **out)
{
    const uint8_t *p;
    uint64_t sz;
    int32_t rc = find_section(r, name, DT_U8, 1, NULL, &p, &sz, NULL);
    if (rc != BC_OK)
        return required_section(r, name, rc);
    if (memchr(p, 0, sz))
        return bc_fail(BC_E_CORRUPT, "%s: text section '%s' contains a NUL byte", r->name, name);
    char *s = malloc(sz + 1);
    if (!s)
        return bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory", r->name);
    memcpy(s, p, sz);
    s[sz] = '\0';
    free(*out);
    *out = s;
    return BC_OK;
}

static int32_t read_names(const reader *r, const char *name, int32_t n, char **names)
{
    const uint8_t *p;
    uint64_t sz;
    int32_t rc = find_section(r, name, DT_U8, 1, NULL, &p, &sz, NULL);
    if (rc != BC_OK)
        return required_section(r, name, rc);
    uint64_t pos = 0;
    for (int32_t i = 0; i < n; i++) {
        const uint8_t *end = pos < sz ? memchr(p + pos, 0, sz - pos) : NULL;
        if (!end)
            return bc_fail(BC_E_CORRUPT, "%s: section '%s' holds fewer than %d names",
                           r->name, name, (int)n);
        uint64_t len = (uint64_t)(end - (p + pos));
        if (len >= BC_MODEL_NAME_MAX)
            return bc_fail(BC_E_CORRUPT, "%s: section '%s': name %d is %llu bytes long",
                           r->name, name, (int)i, (unsigned long long)len);
        char *s = bc_model_strdup((const char *)p + pos);
        if (!s)
            return bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory", r->name);
        free(names[i]);
        names[i] = s;
        pos += len + 1;
    }
    if (pos != sz)
        return bc_fail(BC_E_CORRUPT, "%s: section '%s' holds more than %d names",
                       r->name, name, (int)n);
    return BC_OK;
}

/* A text section that may be absent (*out stays NULL then). */
static int32_t read_optional_text(const reader *r, const char *name, char **out)
{
    const uint8_t *p;
    uint64_t sz;
    int32_t rc = find_section(r, name, DT_U8, 1, NULL, &p, &sz, NULL);
    if (rc == BC_E_NOT_FOUND)
        return BC_OK;
    return rc == BC_OK ? read_text(r, name, out) : rc;
}

/* The optional market.* sections, checked by the same rules as the
 * setters; a value they refuse makes the file corrupt. */
static int32_t read_market(const reader *r, bc_model *m)
{
    char *symbol = NULL, *zone = NULL;
    int64_t bar_seconds = 0;
    double stops[2] = {0.0, 0.0};
    const uint8_t *p;
    uint64_t sz;
    uint64_t want1[1] = {1}, want2[1] = {2};
    int32_t rc = read_optional_text(r, "market.symbol", &symbol);
    if (rc == BC_OK)
        rc = read_optional_text(r, "market.time_zone", &zone);
    if (rc == BC_OK) {
        rc = find_section(r, "market.i64", DT_I64, 1, want1, &p, &sz, NULL);
        if (rc == BC_OK)
            memcpy(&bar_seconds, p, sizeof bar_seconds);
        rc = rc == BC_E_NOT_FOUND ? BC_OK : rc;
    }
    if (rc == BC_OK) {
        rc = find_section(r, "market.f64", DT_F64, 1, want2, &p, &sz, NULL);
        if (rc == BC_OK)
            memcpy(stops, p, sizeof stops);
        rc = rc == BC_E_NOT_FOUND ? BC_OK : rc;
    }
    if (rc == BC_OK && ((rc = bc_model_set_market(m, symbol, bar_seconds, zone)) != BC_OK ||
                        (rc = bc_model_set_stops(m, stops[0], stops[1])) != BC_OK))
        rc = bc_fail_context(BC_E_CORRUPT, "%s: market sections: ", r->name);
    free(symbol);
    free(zone);
    return rc;
}

static int32_t parse_payload(const reader *r, bc_model **out)
{
    if (r->size < 8)
        return bc_fail(BC_E_CORRUPT, "%s: payload of %llu bytes has no section table", r->name,
                       (unsigned long long)r->size);
    uint32_t count = get_u32(r->payload);
    if (count > BCM_MAX_SECTIONS || get_u32(r->payload + 4) != 0 ||
        8 + (uint64_t)count * BCM_ENTRY_SIZE > r->size)
        return bc_fail(BC_E_CORRUPT, "%s: section table of %u entries does not fit the payload",
                       r->name, (unsigned)count);
    reader rr = *r;
    rr.count = count;
    const uint8_t *p;
    uint64_t sz;
    uint64_t want_i[1] = {BCM_I64_FIELDS}, want_f[1] = {BCM_F64_FIELDS};
    int32_t rc = find_section(&rr, "model.i64", DT_I64, 1, want_i, &p, &sz, NULL);
    if (rc != BC_OK)
        return required_section(&rr, "model.i64", rc);
    int64_t ints[BCM_I64_FIELDS];
    memcpy(ints, p, sizeof ints);
    double reals[BCM_F64_FIELDS];
    rc = find_section(&rr, "model.f64", DT_F64, 1, want_f, &p, &sz, NULL);
    if (rc != BC_OK)
        return required_section(&rr, "model.f64", rc);
    memcpy(reals, p, sizeof reals);
    int64_t kind = ints[0], F = ints[1], C = ints[2], n_layers = ints[4];
    if (!bc_model_kind_name((int32_t)kind) || kind != (int32_t)kind)
        return bc_fail(BC_E_CORRUPT, "%s: model kind %lld is unknown", r->name, (long long)kind);
    bc_model *m = NULL;
    /* The kind creates the model from its own tensors (kind_dense.c's
     * layers, kind_trees.c's ensemble). */
    const bc_model_kind_ops *k = bc_model_kind_ops_of((int32_t)kind);
    if (!k->load_sections)
        return bc_fail(BC_E_CORRUPT, "%s: a %s model is not stored in .bcm sections", r->name,
                       k->name);
    rc = k->load_sections(&rr, F, C, n_layers, (int32_t)kind, &m);
    if (rc != BC_OK)
        return rc;
    m->norm_kind = (int32_t)ints[3];
    if (ints[3] != m->norm_kind)
        m->norm_kind = -1; /* refused by validate */
    m->has_calibration = ints[5] != 0;
    m->trained_at = ints[6];
    m->num_samples = ints[7];
    m->last_event_id = ints[8];
    m->threshold = reals[0];
    m->calibration_coef = reals[1];
    m->calibration_intercept = reals[2];
    m->half_life_days = reals[3];
    if (rc == BC_OK)
        rc = read_f64(&rr, "norm.center", (uint64_t)F, m->center);
    if (rc == BC_OK)
        rc = read_f64(&rr, "norm.scale", (uint64_t)F, m->scale);
    if (rc == BC_OK)
        rc = read_f64(&rr, "norm.clip_low", (uint64_t)F, m->clip_low);
    if (rc == BC_OK)
        rc = read_f64(&rr, "norm.clip_high", (uint64_t)F, m->clip_high);
    if (rc == BC_OK) {
        uint64_t want_c[1] = {(uint64_t)C};
        uint64_t want_one[1] = {1};
        int32_t frc = find_section(&rr, "decision.i32", DT_I32, 1, want_one, &p, &sz, NULL);
        if (frc == BC_OK) {
            int32_t flags;
            memcpy(&flags, p, sizeof flags);
            if (flags & ~1)
                frc = bc_fail(BC_E_CORRUPT, "%s: decision flags %d are unknown", r->name,
                              (int)flags);
            m->allow_reentry = flags & 1;
        }
        if (frc == BC_OK || frc == BC_E_NOT_FOUND) {
            frc = find_section(&rr, "decision.no_reversal.i32", DT_I32, 1, want_one, &p, &sz, NULL);
            if (frc == BC_OK) {
                int32_t v;
                memcpy(&v, p, sizeof v);
                if (v != 0 && v != 1)
                    frc = bc_fail(BC_E_CORRUPT, "%s: decision.no_reversal is %d, not 0 or 1",
                                  r->name, (int)v);
                m->no_reversal = v == 1;
            }
        }
        if (frc == BC_OK || frc == BC_E_NOT_FOUND) {
            frc = find_section(&rr, "decision.level_wait.i32", DT_I32, 1, want_one, &p, &sz, NULL);
            if (frc == BC_OK) {
                int32_t v;
                memcpy(&v, p, sizeof v);
                if (v != 0 && v != 1)
                    frc = bc_fail(BC_E_CORRUPT, "%s: decision.level_wait is %d, not 0 or 1",
                                  r->name, (int)v);
                m->level_wait = v == 1;
            }
        }
        if (frc == BC_OK || frc == BC_E_NOT_FOUND) {
            frc = find_section(&rr, "decision.breakeven_atr.f64", DT_F64, 1, want_one, &p, &sz,
                               NULL);
            if (frc == BC_OK) {
                double v;
                memcpy(&v, p, sizeof v);
                if (!isfinite(v) || !(v > 0.0))
                    frc = bc_fail(BC_E_CORRUPT,
                                  "%s: decision.breakeven_atr is %g, not finite and > 0", r->name,
                                  v);
                else
                    m->breakeven_atr = v;
            }
        }
        if (frc == BC_OK || frc == BC_E_NOT_FOUND) {
            frc = find_section(&rr, "decision.max_hold.i32", DT_I32, 1, want_one, &p, &sz, NULL);
            if (frc == BC_OK) {
                int32_t v;
                memcpy(&v, p, sizeof v);
                if (v < 1)
                    frc = bc_fail(BC_E_CORRUPT, "%s: decision.max_hold is %d, not >= 1",
                                  r->name, (int)v);
                m->max_hold = v >= 1 ? v : 0;
            }
        }
        if (frc != BC_OK && frc != BC_E_NOT_FOUND) {
            bc_model_free(m);
            return frc;
        }
        rc = find_section(&rr, "class_thresholds", DT_F64, 1, want_c, &p, &sz, NULL);
        if (rc == BC_OK) {
            m->class_thresholds = malloc(sz);
            if (!m->class_thresholds)
                rc = bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory", r->name);
            else
                memcpy(m->class_thresholds, p, sz);
        } else if (rc == BC_E_NOT_FOUND) {
            rc = BC_OK;
        }
    }
    if (rc == BC_OK)
        rc = read_names(&rr, "feature_names", m->n_features, m->feature_names);
    if (rc == BC_OK)
        rc = read_names(&rr, "class_names", m->n_classes, m->class_names);
    if (rc == BC_OK)
        rc = read_text(&rr, "feature_spec", &m->feature_spec);
    char *mode = NULL;
    if (rc == BC_OK)
        rc = read_text(&rr, "mode", &mode);
    if (rc == BC_OK) {
        if (strlen(mode) >= sizeof m->mode)
            rc = bc_fail(BC_E_CORRUPT, "%s: mode '%s' is too long", r->name, mode);
        else
            snprintf(m->mode, sizeof m->mode, "%s", mode);
    }
    free(mode);
    if (rc == BC_OK)
        rc = read_text(&rr, "feature_flags", &m->feature_flags);
    if (rc == BC_OK)
        rc = read_text(&rr, "validation_metrics", &m->validation_metrics);
    if (rc == BC_OK)
        rc = read_text(&rr, "extra", &m->extra_json);
    if (rc == BC_OK)
        rc = read_market(&rr, m);
    if (rc == BC_OK && m->class_thresholds)
        for (int32_t c = 0; c < m->n_classes && rc == BC_OK; c++) {
            double t = m->class_thresholds[c];
            if (!isnan(t) && !(t >= 0.0 && t <= 1.0))
                rc = bc_fail(BC_E_CORRUPT, "%s: class %d threshold %g", r->name, (int)c, t);
        }
    if (rc == BC_OK && (rc = bc_model_validate(m)) != BC_OK)
        rc = bc_fail_context(rc, "%s: ", r->name);
    /* the clone's stop-loss / take-profit rules: one this library cannot
     * read is refused here, not traded as no rule */
    if (rc == BC_OK && (rc = clone_model_check_rules(m)) != BC_OK)
        rc = bc_fail_context(rc, "%s: ", r->name);
    if (rc != BC_OK) {
        bc_model_free(m);
        return rc;
    }
    *out = m;
    return BC_OK;
}

/* The kind whose own image format data starts with (model/kind.h
 * image_magic), or NULL: a .bcm file or nothing. */
static const bc_model_kind_ops *own_image_kind(const uint8_t *data, uint64_t size)
{
    for (int32_t kind = BC_MODEL_LOGISTIC; kind <= BC_MODEL_POLICY; kind++) {
        const bc_model_kind_ops *k = bc_model_kind_ops_of(kind);
        if (k->image_magic && k->image_magic(data, size))
            return k;
    }
    return NULL;
}

static int32_t load_image(const char *name, const uint8_t *data, uint64_t size, bc_model **out)
{
    const bc_model_kind_ops *own = own_image_kind(data, size);
    if (own) /* a kind with an image of its own (a policy file, lib/rl) */
        return own->load_image(name, data, size, out);
    if (size < 8 ? memcmp(data, bcm_magic, (size_t)size) != 0 || size == 0
                 : memcmp(data, bcm_magic, 8) != 0)
        return bc_fail(BC_E_FORMAT, "%s: not a .bcm model file (%s)", name,
                       size == 0 ? "empty" : "magic bytes do not match");
    if (size < BCM_HEADER_SIZE)
        return bc_fail(BC_E_CORRUPT, "%s: truncated: %llu bytes, the header alone is %d", name,
                       (unsigned long long)size, BCM_HEADER_SIZE);
    uint32_t version = get_u32(data + 8), flags = get_u32(data + 12);
    uint64_t stored = get_u64(data + 16), raw = get_u64(data + 24);
    /* Integrity first (size, then the checksum over header and payload): a
     * damaged file is reported as damaged, never as "from a newer version"
     * because a flipped bit landed in the version field. */
    if (stored != size - BCM_HEADER_SIZE)
        return bc_fail(BC_E_CORRUPT, "%s: %s: header announces a %llu-byte payload, the file holds %llu",
                       name, stored > size - BCM_HEADER_SIZE ? "truncated" : "trailing bytes",
                       (unsigned long long)stored, (unsigned long long)(size - BCM_HEADER_SIZE));
    uint64_t seed = XXH64(data, 32, 0);
    if (XXH64(data + BCM_HEADER_SIZE, (size_t)stored, seed) != get_u64(data + 32))
        return bc_fail(BC_E_CORRUPT, "%s: checksum mismatch (the file is damaged)", name);
    if (version == 0)
        return bc_fail(BC_E_CORRUPT, "%s: format version 0 is invalid", name);
    if (version > BCM_FORMAT_VERSION)
        return bc_fail(BC_E_VERSION,
                       "%s: written in .bcm format version %u; this library reads up to %u "
                       "(upgrade libbotcopier)", name, (unsigned)version,
                       (unsigned)BCM_FORMAT_VERSION);
    if (flags & ~BCM_FLAG_ZSTD)
        return bc_fail(BC_E_CORRUPT, "%s: unknown flags 0x%x", name, (unsigned)flags);
    if (raw > BCM_MAX_RAW)
        return bc_fail(BC_E_CORRUPT, "%s: payload of %llu bytes is too large", name,
                       (unsigned long long)raw);
    reader r = {name, data + BCM_HEADER_SIZE, stored, 0};
    uint8_t *plain = NULL;
    if (flags & BCM_FLAG_ZSTD) {
#ifdef BC_HAVE_ZSTD
        unsigned long long content = ZSTD_getFrameContentSize(data + BCM_HEADER_SIZE, (size_t)stored);
        if (content != raw)
            return bc_fail(BC_E_CORRUPT, "%s: compressed payload does not match its size", name);
        plain = malloc(raw ? (size_t)raw : 1);
        if (!plain)
            return bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory", name);
        size_t z = ZSTD_decompress(plain, (size_t)raw, data + BCM_HEADER_SIZE, (size_t)stored);
        if (ZSTD_isError(z) || z != raw) {
            free(plain);
            return bc_fail(BC_E_CORRUPT, "%s: payload does not decompress: %s", name,
                           ZSTD_isError(z) ? ZSTD_getErrorName(z) : "short");
        }
        r.payload = plain;
        r.size = raw;
#else
        return bc_fail(BC_E_UNSUPPORTED,
                       "%s: compressed with zstd, which this build lacks; save it with "
                       "BC_MODEL_SAVE_UNCOMPRESSED (botcopier clone --compress no)", name);
#endif
    } else if (raw != stored) {
        return bc_fail(BC_E_CORRUPT, "%s: uncompressed payload sizes differ", name);
    }
    int32_t rc = parse_payload(&r, out);
    free(plain);
    return rc;
}

int32_t bc_model_load_bytes(const uint8_t *data, int64_t size, bc_model **out)
{
    if (!out)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_model_load_bytes: out is NULL");
    *out = NULL;
    if ((!data && size > 0) || size < 0)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_model_load_bytes: data NULL or size %lld",
                       (long long)size);
    return load_image("<bytes>", data ? data : bcm_magic, (uint64_t)size, out);
}

int32_t bc_model_load(const char *path, bc_model **out)
{
    if (!out || !path)
        return bc_fail_null("bc_model_load", "out", (const void *)out, "path", (const void *)path, (const char *)NULL);
    *out = NULL;
    FILE *f = bc_fopen(path, "rb");
    if (!f)
        return bc_fail(BC_E_IO, "%s: cannot open: %s", path, strerror(errno));
    /* Bounded in time and memory whatever the path names: only a regular
     * file, no larger than the cap, and the header must announce exactly
     * the file's size before anything else is read. */
    struct stat st;
    int32_t rc = BC_OK;
    uint8_t header[BCM_HEADER_SIZE];
    uint8_t *buf = NULL;
    size_t got = 0;
    if (fstat(fileno(f), &st) != 0) {
        rc = bc_fail(BC_E_IO, "%s: cannot stat: %s", path, strerror(errno));
    } else if (!S_ISREG(st.st_mode)) {
        rc = bc_fail(BC_E_FORMAT, "%s: not a regular file (a device, FIFO or directory), so not "
                     "a .bcm model", path);
    } else if ((uint64_t)st.st_size > BCM_MAX_FILE) {
        rc = bc_fail(BC_E_FORMAT, "%s: %llu bytes, larger than any model file (the cap is "
                     "%llu bytes)", path, (unsigned long long)st.st_size,
                     (unsigned long long)BCM_MAX_FILE);
    } else {
        got = fread(header, 1, sizeof header, f);
        if (got < sizeof header && ferror(f))
            rc = bc_fail(BC_E_IO, "%s: read error: %s", path, strerror(errno));
        else if (got < sizeof header ||
                 (own_image_kind(header, got)
                      ? 0 /* a policy file: read whole, load_image checks it */
                      : memcmp(header, bcm_magic, 8) != 0 ||
                            get_u64(header + 16) != (uint64_t)st.st_size - BCM_HEADER_SIZE))
            /* Too short, not ours, or a size the header does not announce:
             * load_image names which, from what was read. */
            rc = load_image(path, got ? header : bcm_magic, got ? got : 0, out);
    }
    if (rc == BC_OK && !*out) {
        size_t size = (size_t)st.st_size;
        buf = malloc(size ? size : 1);
        if (!buf)
            rc = bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory for %zu bytes", path, size);
        else {
            memcpy(buf, header, BCM_HEADER_SIZE);
            size_t rest = fread(buf + BCM_HEADER_SIZE, 1, size - BCM_HEADER_SIZE, f);
            if (rest != size - BCM_HEADER_SIZE)
                rc = ferror(f) ? bc_fail(BC_E_IO, "%s: read error: %s", path, strerror(errno))
                               : bc_fail(BC_E_CORRUPT, "%s: truncated while reading (the file "
                                         "shrank)", path);
            else
                rc = load_image(path, buf, size, out);
        }
    }
    fclose(f);
    free(buf);
    return rc;
}
