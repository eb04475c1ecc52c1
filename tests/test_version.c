/* test_version.c - version queries, build info, exported symbols. */
#include "test_util.h"

#include <jansson.h>
#include <stdlib.h>

START_TEST(version_number_matches_header_macros)
{
    ck_assert_uint_eq(bc_version_number(), BC_VERSION_NUMBER);
    ck_assert_uint_eq(bc_abi_version(), BC_ABI_VERSION);
    ck_assert_str_eq(bc_version_string(), BC_VERSION_STRING);
    char expect[32];
    snprintf(expect, sizeof expect, "%d.%d.%d", BC_VERSION_MAJOR,
             BC_VERSION_MINOR, BC_VERSION_PATCH);
    ck_assert_str_eq(bc_version_string(), expect);
}
END_TEST

START_TEST(build_info_is_json_with_backends_and_libraries)
{
    json_error_t err;
    json_t *root = json_loads(bc_build_info(), 0, &err);
    ck_assert_msg(root != NULL, "build info is not JSON: %s (%s)", err.text,
                  bc_build_info());
    ck_assert_str_eq(json_string_value(json_object_get(root, "version")),
                     BC_VERSION_STRING);
    ck_assert_int_eq(json_integer_value(json_object_get(root, "abi")),
                     BC_ABI_VERSION);
    const char *blas = json_string_value(json_object_get(root, "blas"));
    ck_assert_ptr_nonnull(blas);
    ck_assert_msg(strncmp(blas, "openblas", 8) == 0, "blas is %s", blas);
    ck_assert_ptr_nonnull(json_string_value(json_object_get(root, "zstd")));
    json_t *backends = json_object_get(root, "backends");
    ck_assert_int_eq((int)json_array_size(backends), 2);
    ck_assert_str_eq(json_string_value(json_array_get(backends, 0)), "cpu");
    ck_assert_str_eq(json_string_value(json_array_get(backends, 1)), "cuda");
    /* Same static string on every call. */
    ck_assert_ptr_eq(bc_build_info(), bc_build_info());
    json_decref(root);
}
END_TEST

/* Only bc_* symbols may leave the shared library (version script +
 * -fvisibility=hidden). Reads the dynamic symbol table with nm. */
START_TEST(shared_library_exports_only_bc_symbols)
{
    const char *lib = getenv("BC_LIB_PATH");
    ck_assert_msg(lib != NULL, "BC_LIB_PATH is not set (run through make check)");
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "nm -D --defined-only '%s'", lib);
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    char line[512];
    int exported = 0, foreign = 0;
    char first_foreign[256] = "";
    int saw_version = 0, saw_sgemm = 0;
    while (fgets(line, sizeof line, p)) {
        char addr[64], type[8], name[256];
        if (sscanf(line, "%63s %7s %255s", addr, type, name) != 3)
            continue;
        if (strcmp(type, "A") == 0) /* the version node BOTCOPIER_1 */
            continue;
        exported++;
        if (strncmp(name, "bc_", 3) != 0) {
            if (!foreign)
                snprintf(first_foreign, sizeof first_foreign, "%s", name);
            foreign++;
        }
        if (strncmp(name, "bc_version_number", 17) == 0)
            saw_version = 1;
        if (strncmp(name, "bc_backend_sgemm", 16) == 0)
            saw_sgemm = 1;
    }
    ck_assert_int_eq(pclose(p), 0);
    ck_assert_msg(exported > 10, "only %d exported symbols", exported);
    ck_assert_msg(foreign == 0, "%d non-bc_ symbols exported, first: %s",
                  foreign, first_foreign);
    ck_assert(saw_version && saw_sgemm);
}
END_TEST

START_TEST(shared_library_has_soname_with_abi)
{
    const char *lib = getenv("BC_LIB_PATH");
    ck_assert_ptr_nonnull(lib);
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "objdump -p '%s' | grep SONAME", lib);
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    char line[512] = "";
    ck_assert_ptr_nonnull(fgets(line, sizeof line, p));
    pclose(p);
    char expect[64];
    snprintf(expect, sizeof expect, "libbotcopier.so.%d", BC_ABI_VERSION);
    ck_assert_msg(strstr(line, expect) != NULL, "SONAME line: %s", line);
}
END_TEST

Suite *suite_version(void)
{
    Suite *s = suite_create("version");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, version_number_matches_header_macros);
    tcase_add_test(tc, build_info_is_json_with_backends_and_libraries);
    tcase_add_test(tc, shared_library_exports_only_bc_symbols);
    tcase_add_test(tc, shared_library_has_soname_with_abi);
    suite_add_tcase(s, tc);
    return s;
}
