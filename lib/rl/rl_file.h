/*
 * rl_file.h - the container of PPO checkpoints and policy files: a 32-byte
 * header (magic, format version, kind, payload size, XXH64 checksum of the
 * payload seeded by the header's hash) and a payload read field by field
 * with bounds checks. Little-endian hosts only (as .bcm). Internal.
 */
#ifndef BC_RL_FILE_H
#define BC_RL_FILE_H

#include <stdint.h>
#include <stddef.h>

/* 2: the policy section ends with the observation kind and asset count
 * (policy_io.h); version 1 files are read with both unknown. */
#define RL_FILE_VERSION 2
#define RL_KIND_CHECKPOINT 1
#define RL_KIND_POLICY 2

/* Growing output buffer; failed allocations are remembered and reported
 * once by rl_out_commit. */
typedef struct rl_out {
    uint8_t *data;
    size_t size, capacity;
    int failed;
} rl_out;

void rl_out_bytes(rl_out *o, const void *p, size_t n);
void rl_out_u32(rl_out *o, uint32_t v);
void rl_out_u64(rl_out *o, uint64_t v);
void rl_out_f64(rl_out *o, double v);
void rl_out_str(rl_out *o, const char *s); /* u32 length + bytes */

/* Header + payload of o as one image (*image malloc'd) and frees o's
 * buffer. Errors: BC_E_OUT_OF_MEMORY. */
int32_t rl_out_image(rl_out *o, uint32_t kind, uint8_t **image, uint64_t *size);

/* 1 when data starts with the container's magic bytes. */
int rl_image_magic(const uint8_t *data, uint64_t size);

/* Writes header + payload of o to path atomically and frees o's buffer.
 * Errors: BC_E_OUT_OF_MEMORY, BC_E_IO. */
int32_t rl_out_commit(rl_out *o, const char *path, uint32_t kind);

/* A payload being read. Each getter returns 0, or BC_E_CORRUPT naming
 * `what` when the payload ends first. */
typedef struct rl_in {
    uint8_t *file; /* whole file, owned */
    const uint8_t *p, *end;
    const char *path;
    uint32_t kind;
    uint32_t version; /* the header's format version */
} rl_in;

/* Reads and checks a file: magic (BC_E_FORMAT), version (BC_E_VERSION),
 * size (BC_E_CORRUPT "truncated"), checksum (BC_E_CORRUPT). kind_wanted 0
 * accepts both kinds. */
int32_t rl_in_open(rl_in *in, const char *path, uint32_t kind_wanted);
/* rl_in_open on a whole image of got bytes already in memory (file is
 * malloc'd and owned by in from the call on, also on failure); name
 * stands for the file in messages. */
int32_t rl_in_image(rl_in *in, const char *name, uint8_t *file, uint64_t got,
                    uint32_t kind_wanted);
void rl_in_close(rl_in *in);
int32_t rl_in_bytes(rl_in *in, void *dst, size_t n, const char *what);
int32_t rl_in_u32(rl_in *in, uint32_t *v, const char *what);
int32_t rl_in_u64(rl_in *in, uint64_t *v, const char *what);
int32_t rl_in_f64(rl_in *in, double *v, const char *what);
/* A string into a new allocation (free with free()). */
int32_t rl_in_str(rl_in *in, char **s, const char *what);

#endif
