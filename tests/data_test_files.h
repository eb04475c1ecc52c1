/*
 * data_test_files.h - a scratch directory per test for the data suites:
 * write a file from bytes, build paths in it, remove it all afterwards.
 */
#ifndef BC_DATA_TEST_FILES_H
#define BC_DATA_TEST_FILES_H

#include <check.h>
#include "botcopier.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char scratch_dir[64];

static inline void scratch_setup(void)
{
    strcpy(scratch_dir, "/tmp/bc_data_test_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(scratch_dir));
}

/* Readers log a WARN line per file with rejected rows; drain the ring so
 * suites run in one process (CK_FORK=no, valgrind) start from a clean log. */
static inline void drain_log(void)
{
    char buf[4096];
    int32_t len = 0;
    while (bc_log_pop(buf, sizeof buf, &len, NULL) == BC_OK)
        ;
}

static inline void scratch_teardown(void)
{
    drain_log();
    DIR *d = opendir(scratch_dir);
    if (!d)
        return;
    struct dirent *e;
    char path[512];
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", scratch_dir, e->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(scratch_dir);
}

/* Path of name inside the scratch directory (a ring of 4 buffers, so a
 * test can hold a few at once). */
static inline const char *scratch_path(const char *name)
{
    static char paths[4][512];
    static int next;
    char *p = paths[next++ % 4];
    snprintf(p, 512, "%s/%s", scratch_dir, name);
    return p;
}

/* Writes n bytes to name in the scratch directory and returns its path. */
static inline const char *scratch_write(const char *name, const void *bytes, size_t n)
{
    const char *path = scratch_path(name);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(bytes, 1, n, f), n);
    fclose(f);
    return path;
}

static inline const char *scratch_text(const char *name, const char *text)
{
    return scratch_write(name, text, strlen(text));
}

/* Whole file as a NUL-terminated string (caller frees). */
static inline char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    ck_assert_uint_eq(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    return s;
}

/* Number of entries in the scratch directory. */
static inline int scratch_entries(void)
{
    DIR *d = opendir(scratch_dir);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

/* Asserts that rejected row i has the given line and a reason containing
 * needle. */
static inline void assert_reject(const bc_rejects *r, int32_t i, int64_t line, const char *needle)
{
    char reason[600];
    int64_t got = 0;
    ck_assert_msg(i < bc_rejects_count(r), "only %d rejects, wanted #%d (%s)",
                  (int)bc_rejects_count(r), (int)i, needle);
    ck_assert_int_eq(bc_rejects_get(r, i, &got, reason, sizeof reason, NULL), BC_OK);
    ck_assert_msg(got == line, "reject %d at line %lld, expected %lld: %s", (int)i,
                  (long long)got, (long long)line, reason);
    ck_assert_msg(strstr(reason, needle) != NULL, "reject %d: '%s' does not mention '%s'",
                  (int)i, reason, needle);
}

#endif
