/*
 * json_file.h - the one writer of a JSON document to a file: the text,
 * a final newline, through the atomic writer. Internal; jansson builds only.
 */
#ifndef BC_CORE_JSON_FILE_H
#define BC_CORE_JSON_FILE_H

#ifdef BC_HAVE_JANSSON
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* Writes root (json_dumps flags) and a newline to path atomically. root
 * stays the caller's; NULL root is BC_E_OUT_OF_MEMORY (a builder that ran
 * out of memory). Errors as bc_atomic_write_file. */
int32_t bc_json_write_file(const char *path, const json_t *root, size_t flags);
#endif

#endif
