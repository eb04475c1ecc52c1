/*
 * json_file.c - JSON documents written as files: model.json, report.json,
 * weights.json, graph.json and the bandit state all end here, so they share
 * one atomic path and one trailing-newline rule.
 */
#include "core/json_file.h"
#include "core/atomic_file.h"
#include "core/internal.h"

#ifdef BC_HAVE_JANSSON
#include <stdlib.h>
#include <string.h>

int32_t bc_json_write_file(const char *path, const json_t *root, size_t flags)
{
    char *text = root ? json_dumps(root, flags) : NULL;
    if (!text)
        return bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory building the JSON text", path);
    size_t n = strlen(text);
    char *line = realloc(text, n + 2);
    if (!line) {
        free(text);
        return bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory", path);
    }
    line[n] = '\n'; /* a file ends with a newline, like one a person wrote */
    int32_t rc = bc_atomic_write_file(path, line, n + 1);
    free(line);
    return rc;
}
#endif
