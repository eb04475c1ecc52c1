/* test_version.c - version queries, build info, exported symbols. */
#include "test_util.h"
#include <unistd.h>

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

/* The static archive too: only bc_* symbols are defined globally, so a host
 * with its own clone_* or protobuf-c onnx__* functions links with it. The
 * archive sits beside the shared library. */
START_TEST(static_library_exports_only_bc_symbols_and_links_beside_clashing_names)
{
    const char *lib = getenv("BC_LIB_PATH");
    ck_assert_msg(lib != NULL, "BC_LIB_PATH is not set (run through make check)");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", lib);
    char *slash = strrchr(dir, '/');
    ck_assert_ptr_nonnull(slash);
    *slash = '\0';
    static char cmd[32768];
    snprintf(cmd, sizeof cmd, "nm -g --defined-only '%s/libbotcopier.a'", dir);
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    char line[512], first_foreign[256] = "";
    int defined = 0, foreign = 0;
    while (fgets(line, sizeof line, p)) {
        char addr[64], type[8], name[256];
        if (sscanf(line, "%63s %7s %255s", addr, type, name) != 3)
            continue;
        defined++;
        if (strncmp(name, "bc_", 3) != 0 && !foreign++)
            snprintf(first_foreign, sizeof first_foreign, "%s", name);
    }
    ck_assert_int_eq(pclose(p), 0);
    ck_assert_msg(defined > 100, "only %d symbols defined", defined);
    ck_assert_msg(foreign == 0, "%d non-bc_ symbols in libbotcopier.a, first: %s", foreign,
                  first_foreign);
    /* A host defining names the library uses inside links and runs. */
    char src[] = "/tmp/bc_static_host_XXXXXX.c";
    int fd = mkstemps(src, 2);
    ck_assert_int_ge(fd, 0);
    const char host[] =
        "#include <botcopier.h>\n"
        "int clone_label_bars(void) { return 7; }\n"
        "int onnx__model_proto__get_packed_size(void) { return 8; }\n"
        "int bc_fail(void) { return 9; }\n"
        "int main(void) { return bc_version_number() > 0 && clone_label_bars() == 7 &&\n"
        "    onnx__model_proto__get_packed_size() == 8 && bc_fail() == 9 ? 0 : 1; }\n";
    ck_assert_int_eq(write(fd, host, sizeof host - 1), (ssize_t)(sizeof host - 1));
    close(fd);
    char exe[64];
    snprintf(exe, sizeof exe, "%.40s.exe", src);
    /* A sanitized build's archive needs the same runtime at link time. */
    const char *extra = getenv("BC_TEST_LINK_FLAGS");
    snprintf(cmd, sizeof cmd,
             "cc %s -I'%s/include' -o '%s' '%s' '%s/libbotcopier.a' "
             "$(pkg-config --libs openblas libzstd jansson liblbfgs lapacke libprotobuf-c sqlite3 libpq) "
             "-lm -lpthread -ldl 2>&1 && '%s'",
             extra ? extra : "", BC_TEST_SOURCE_DIR, exe, src, dir, exe);
    int rc = system(cmd);
    unlink(src);
    unlink(exe);
    ck_assert_msg(rc == 0, "a host defining clone_label_bars, onnx__* and bc_fail did not link "
                           "or run against libbotcopier.a (status %d)", rc);
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
    tcase_add_test(tc, static_library_exports_only_bc_symbols_and_links_beside_clashing_names);
    suite_add_tcase(s, tc);
    return s;
}
