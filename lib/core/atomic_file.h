/*
 * atomic_file.h - write a file so that readers see either the old content or
 * the complete new content, never a half-written file: write to a temporary
 * file in the same directory, flush and fsync it, then rename it over the
 * target. Used by every writer that replaces a whole file (CSV, model files).
 */
#ifndef BC_CORE_ATOMIC_FILE_H
#define BC_CORE_ATOMIC_FILE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct bc_atomic_file bc_atomic_file;

/* Creates a temporary file next to path and returns it in *out with its
 * stream in *stream (write it with stdio; do not fclose it). Errors: BC_E_IO
 * naming the directory and the system's reason, BC_E_OUT_OF_MEMORY,
 * BC_E_INVALID_ARGUMENT for NULL. */
int32_t bc_atomic_open(const char *path, bc_atomic_file **out, FILE **stream);

/* Flushes, fsyncs and closes the temporary file, then renames it over the
 * target. Always releases af, on failure too (the temporary is removed).
 * Errors: BC_E_IO naming the path and the step that failed. */
int32_t bc_atomic_commit(bc_atomic_file *af);

/* Closes and removes the temporary file and releases af; the target is left
 * untouched. NULL is a no-op. */
void bc_atomic_abort(bc_atomic_file *af);

/* Writes size bytes of data to path atomically (open, write, commit). The
 * one call for writers that build a whole file in memory first. Errors as
 * bc_atomic_open / bc_atomic_commit. */
int32_t bc_atomic_write_file(const char *path, const void *data, size_t size);

#endif
