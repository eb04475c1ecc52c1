/*
 * bcm_sections.h - the .bcm payload's named, typed sections as a model
 * kind sees them (model/kind.h's save_sections / load_sections hooks):
 * bcm_file.c owns the file (header, checksum, compression, the shared
 * sections); each kind adds and reads its own tensors through these calls.
 * Internal.
 */
#ifndef BC_MODEL_BCM_SECTIONS_H
#define BC_MODEL_BCM_SECTIONS_H

#include <stdint.h>

/* Section element types, pinned (stored in files). */
enum { BC_BCM_U8 = 1, BC_BCM_F32 = 2, BC_BCM_F64 = 3, BC_BCM_I32 = 4, BC_BCM_I64 = 5 };
/* Longest section name, including the NUL. */
#define BC_BCM_NAME_SIZE 32

typedef struct bc_bcm_writer bc_bcm_writer;
typedef struct bc_bcm_reader bc_bcm_reader;

/* Adds a section of ndim (1 or 2) dimensions d0[, d1] pointing at data,
 * which must stay valid until the payload is built. */
void bc_bcm_add(bc_bcm_writer *w, const char *name, uint32_t dtype, uint32_t ndim, uint64_t d0,
                uint64_t d1, const void *data);

/* n int32 of storage that lives as long as the writer, for a kind's small
 * tables (the writer keeps pointers until the payload is built); n is at
 * most 3 * BC_MODEL_MAX_LAYERS + 16 per writer in all. */
int32_t *bc_bcm_ints(bc_bcm_writer *w, int32_t n);

/* Finds a section and checks its dtype and shape (want_dims[i] == 0: any;
 * want_dims NULL: any shape); *data / *size are its bytes inside the
 * payload. BC_E_NOT_FOUND without a message when it is absent,
 * BC_E_CORRUPT naming it when it does not fit. */
int32_t bc_bcm_find(const bc_bcm_reader *r, const char *name, uint32_t dtype, uint32_t ndim,
                    const uint64_t *want_dims, const uint8_t **data, uint64_t *size);

/* rc of bc_bcm_find for a section the model cannot do without: a missing
 * one becomes BC_E_CORRUPT naming it. */
int32_t bc_bcm_require(const bc_bcm_reader *r, const char *name, int32_t rc);

/* The file's name for messages ("<bytes>" for a buffer) and the payload's
 * size (what a kind bounds its allocations by). */
const char *bc_bcm_reader_name(const bc_bcm_reader *r);
uint64_t bc_bcm_reader_size(const bc_bcm_reader *r);

#endif /* BC_MODEL_BCM_SECTIONS_H */
