/*
 * file.c - opening and replacing files by UTF-8 path on every platform.
 * Library paths are UTF-8; Windows' narrow fopen/rename read them in the ANSI
 * code page and rename refuses to replace, so there they go through the wide
 * API. Every library file access uses these, never fopen/rename directly.
 */
#include "internal.h"

#include <errno.h>
#include <stdlib.h>

#if defined(_WIN32)
#include <windows.h>

/* Newly allocated UTF-16 copy of a UTF-8 string, or NULL with errno set. */
static wchar_t *widen(const char *text)
{
    int32_t units = 0;
    if (bc_utf8_to_utf16(text, 1, "path", NULL, 0, &units) != BC_OK) {
        errno = EINVAL;
        return NULL;
    }
    uint16_t *w = malloc(((size_t)units + 1) * sizeof *w);
    if (!w) {
        errno = ENOMEM;
        return NULL;
    }
    bc_utf8_to_utf16(text, 1, "path", w, units + 1, &units);
    return (wchar_t *)w;
}

FILE *bc_fopen(const char *path, const char *mode)
{
    if (!path || !mode) {
        errno = EINVAL;
        return NULL;
    }
    wchar_t *wpath = widen(path);
    wchar_t *wmode = wpath ? widen(mode) : NULL;
    FILE *f = wmode ? _wfopen(wpath, wmode) : NULL;
    int saved = errno;
    free(wpath);
    free(wmode);
    errno = saved;
    return f;
}

int bc_replace_file(const char *from, const char *to)
{
    if (!from || !to) {
        errno = EINVAL;
        return -1;
    }
    wchar_t *wfrom = widen(from);
    wchar_t *wto = wfrom ? widen(to) : NULL;
    int rc = -1;
    if (wto) {
        if (MoveFileExW(wfrom, wto, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
            rc = 0;
        else
            errno = EACCES;
    }
    int saved = errno;
    free(wfrom);
    free(wto);
    errno = saved;
    return rc;
}
#else
FILE *bc_fopen(const char *path, const char *mode)
{
    if (!path || !mode) {
        errno = EINVAL;
        return NULL;
    }
    return fopen(path, mode);
}

int bc_replace_file(const char *from, const char *to)
{
    if (!from || !to) {
        errno = EINVAL;
        return -1;
    }
    return rename(from, to);
}
#endif
