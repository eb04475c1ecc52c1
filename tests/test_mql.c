/* test_mql.c - the MQL5 shim on Linux: ids and their kinds, UTF-16 text in
 * and out, the log drain, argument checks. tests/win/ runs the same calls
 * through botcopier.dll under wine. */
#include "test_util.h"
#include "mql/mql.h"

#include <stdlib.h>

/* UTF-16 literal helper: ASCII only, enough for expected texts. */
static int utf16_equals_ascii(const uint16_t *w, const char *s)
{
    for (; *s; s++, w++)
        if (*w != (uint16_t)(unsigned char)*s)
            return 0;
    return *w == 0;
}

static void ascii_to_utf16(const char *s, uint16_t *out)
{
    while ((*out++ = (uint16_t)(unsigned char)*s++))
        ;
}

static int destroyed_a, destroyed_b;
static void destroy_a(void *p) { destroyed_a++; free(p); }
static void destroy_b(void *p) { destroyed_b++; free(p); }
static const bc_mql_type type_a = {BC_MQL_TAG_TEST_FIRST, "test-a", destroy_a};
static const bc_mql_type type_b = {BC_MQL_TAG_TEST_FIRST + 1, "test-b", destroy_b};

START_TEST(version_functions_match_the_core)
{
    ck_assert_int_eq(bc_mql_version(), BC_VERSION_NUMBER);
    ck_assert_int_eq(bc_mql_abi_version(), BC_ABI_VERSION);
    int32_t need = bc_mql_build_info(NULL, 0);
    ck_assert_int_eq(need, (int32_t)strlen(bc_build_info()));
    uint16_t *buf = calloc((size_t)need + 1, sizeof *buf);
    ck_assert_int_eq(bc_mql_build_info(buf, need + 1), need);
    ck_assert(utf16_equals_ascii(buf, bc_build_info()));
    free(buf);
    uint16_t status[128];
    ck_assert_int_eq(bc_mql_status_string(BC_E_NOT_FOUND, status, 128),
                     (int32_t)strlen("BC_E_NOT_FOUND: not found"));
    ck_assert(utf16_equals_ascii(status, "BC_E_NOT_FOUND: not found"));
    ck_assert_int_eq(bc_mql_status_string(BC_OK, status, -2), BC_E_INVALID_ARGUMENT);
}
END_TEST

START_TEST(last_error_comes_back_whole_or_cut_and_survives_bad_buffers)
{
    ck_assert_int_eq(bc_mql_release(4242), BC_E_BAD_HANDLE);
    const char *want = "bc_mql_release: id 4242 was never issued";
    uint16_t buf[128];
    ck_assert_int_eq(bc_mql_last_error(buf, 128), (int32_t)strlen(want));
    ck_assert(utf16_equals_ascii(buf, want));
    ck_assert_int_eq(bc_mql_last_error(NULL, 0), (int32_t)strlen(want));
    uint16_t cut[6];
    ck_assert_int_eq(bc_mql_last_error(cut, 6), (int32_t)strlen(want));
    ck_assert(utf16_equals_ascii(cut, "bc_mq"));
    ck_assert_int_eq(bc_mql_last_error(NULL, 4), BC_E_INVALID_ARGUMENT);
    ck_assert_int_eq(bc_mql_last_error(buf, -1), BC_E_INVALID_ARGUMENT);
    ck_assert_str_eq(bc_last_error(), want);
}
END_TEST

START_TEST(non_ascii_names_cross_in_and_out_as_utf16)
{
    /* "cp" + u-umlaut + U+1F600 */
    const uint16_t name[] = {'c', 'p', 0x00FC, 0xD83D, 0xDE00, 0};
    int64_t id = 99;
    ck_assert_status_msg(bc_mql_backend_create(name, &id), BC_E_NOT_FOUND,
                         "unknown backend 'cp\xC3\xBC\xF0\x9F\x98\x80'");
    ck_assert_int_eq(id, 0);
    uint16_t buf[256];
    int32_t n = bc_mql_last_error(buf, 256);
    ck_assert_int_gt(n, 0);
    int found = 0;
    for (int32_t i = 0; i + 4 < n; i++)
        found |= buf[i] == 'c' && buf[i + 1] == 'p' && buf[i + 2] == 0x00FC &&
                 buf[i + 3] == 0xD83D && buf[i + 4] == 0xDE00;
    ck_assert_msg(found, "the UTF-16 message holds the name unit for unit");

    const uint16_t lone[] = {'c', 0xD800, 'u', 0};
    ck_assert_status_msg(bc_mql_backend_create(lone, &id), BC_E_INVALID_ARGUMENT,
                         "name: unpaired UTF-16 surrogate 0xD800 at unit 1");
    ck_assert_int_eq(bc_mql_backend_create(NULL, &id), BC_E_INVALID_ARGUMENT);
    ck_assert_int_eq(bc_mql_backend_create(name, NULL), BC_E_INVALID_ARGUMENT);
}
END_TEST

START_TEST(backend_id_lives_until_released_once)
{
    uint16_t cpu[4];
    ascii_to_utf16("cpu", cpu);
    int32_t live = bc_mql_live_count();
    int64_t id = 0;
    ck_assert_ok(bc_mql_backend_create(cpu, &id));
    ck_assert_int_gt(id, 0);
    ck_assert_int_eq(bc_mql_live_count(), live + 1);
    uint16_t kind[8];
    ck_assert_int_eq(bc_mql_backend_kind(id, kind, 8), 3);
    ck_assert(utf16_equals_ascii(kind, "cpu"));
    ck_assert_ok(bc_mql_release(id));
    ck_assert_int_eq(bc_mql_live_count(), live);
    char needle[64];
    snprintf(needle, sizeof needle, "handle %lld was already released", (long long)id);
    ck_assert_status_msg(bc_mql_release(id), BC_E_STALE_HANDLE, needle);
    ck_assert_status_msg(bc_mql_backend_kind(id, kind, 8), BC_E_STALE_HANDLE,
                         "backend id: handle");
    ck_assert_status_msg(bc_mql_release(0), BC_E_BAD_HANDLE, "id 0 was never issued");
    ck_assert_int_eq(bc_mql_release(-7), BC_E_BAD_HANDLE);
    ck_assert_int_eq(bc_mql_backend_kind(0, kind, 8), BC_E_BAD_HANDLE);
}
END_TEST

START_TEST(release_frees_any_kind_through_its_destructor_exactly_once)
{
    destroyed_a = destroyed_b = 0;
    int64_t a = 0, b = 0;
    ck_assert_ok(bc_mql_handle_new(&type_a, malloc(8), &a));
    ck_assert_ok(bc_mql_handle_new(&type_b, malloc(8), &b));
    void *p = NULL;
    char needle[80];
    snprintf(needle, sizeof needle, "id %lld is of kind 'test-a', expected 'test-b'",
             (long long)a);
    ck_assert_status_msg(bc_mql_handle_get(&type_b, a, &p), BC_E_WRONG_HANDLE_TYPE, needle);
    ck_assert_ptr_null(p);
    ck_assert_ok(bc_mql_handle_get(&type_a, a, &p));
    ck_assert_ptr_nonnull(p);
    ck_assert_ok(bc_mql_release(a));
    ck_assert_ok(bc_mql_release(b));
    ck_assert_int_eq(destroyed_a, 1);
    ck_assert_int_eq(destroyed_b, 1);
    ck_assert_int_eq(bc_mql_release(a), BC_E_STALE_HANDLE);
    ck_assert_int_eq(destroyed_a, 1);
}
END_TEST

START_TEST(type_table_refuses_conflicts_and_malformed_types)
{
    ck_assert_ok(bc_mql_register_type(&type_a));
    ck_assert_ok(bc_mql_register_type(&type_a)); /* same definition again */
    ck_assert_ptr_eq(bc_mql_type_of_tag(BC_MQL_TAG_TEST_FIRST), &type_a);
    static const bc_mql_type impostor = {BC_MQL_TAG_TEST_FIRST, "impostor", destroy_b};
    ck_assert_status_msg(bc_mql_register_type(&impostor), BC_E_INTERNAL,
                         "tag 120 is taken by 'test-a', cannot register 'impostor'");
    static const bc_mql_type no_destroy = {BC_MQL_TAG_TEST_FIRST + 2, "x", NULL};
    static const bc_mql_type bad_tag = {200, "y", destroy_a};
    ck_assert_int_eq(bc_mql_register_type(&no_destroy), BC_E_INTERNAL);
    ck_assert_int_eq(bc_mql_register_type(&bad_tag), BC_E_INTERNAL);
    ck_assert_int_eq(bc_mql_register_type(NULL), BC_E_INTERNAL);
    ck_assert_ptr_null(bc_mql_type_of_tag(0));
    ck_assert_ptr_null(bc_mql_type_of_tag(BC_MQL_TAG_TEST_LAST));
}
END_TEST

START_TEST(handing_over_an_object_that_cannot_get_an_id_frees_it)
{
    destroyed_a = 0;
    ck_assert_int_eq(bc_mql_handle_new(&type_a, malloc(8), NULL), BC_E_INVALID_ARGUMENT);
    ck_assert_int_eq(destroyed_a, 1);
    int64_t id = 5;
    ck_assert_int_eq(bc_mql_handle_new(&type_a, NULL, &id), BC_E_INVALID_ARGUMENT);
    ck_assert_int_eq(id, 0);
}
END_TEST

START_TEST(id_with_an_unregistered_kind_was_never_issued)
{
    /* Tag 119 has no type: nothing can have issued an id with it. */
    int64_t forged = ((int64_t)119 << 48) | ((int64_t)1 << 24) | 1;
    ck_assert_status_msg(bc_mql_release(forged), BC_E_BAD_HANDLE, "was never issued");
}
END_TEST

START_TEST(log_pop_delivers_whole_messages_and_keeps_those_that_do_not_fit)
{
    uint16_t buf[512];
    int32_t level = 0;
    ck_assert_ok(bc_mql_log_set_level(BC_LOG_DEBUG));
    while (bc_mql_log_pop(buf, 512, &level) >= 0)
        ;
    ck_assert_int_eq(bc_mql_log_pop(buf, 512, &level), BC_E_NOT_FOUND);
    bc_log(BC_LOG_WARN, "caf\xC3\xA9 %d", 7);  /* 6 units: c a f e-acute space 7 */
    bc_log(BC_LOG_DEBUG, "second");
    ck_assert_int_eq(bc_mql_log_pending(), 2);
    level = -1;
    ck_assert_int_eq(bc_mql_log_pop(buf, 4, &level), 6);
    ck_assert_int_eq(level, -1);
    ck_assert_int_eq(bc_mql_log_pending(), 2);
    ck_assert_int_eq(bc_mql_log_pop(buf, 7, &level), 6);
    ck_assert_int_eq(level, BC_LOG_WARN);
    ck_assert_uint_eq(buf[3], 0x00E9);
    ck_assert_uint_eq(buf[5], '7');
    ck_assert_uint_eq(buf[6], 0);
    ck_assert_int_eq(bc_mql_log_pop(buf, 512, &level), 6);
    ck_assert(utf16_equals_ascii(buf, "second"));
    ck_assert_int_eq(level, BC_LOG_DEBUG);
    ck_assert_int_eq(bc_mql_log_pop(buf, 512, NULL), BC_E_NOT_FOUND);
    ck_assert_int_eq(bc_mql_log_pop(NULL, 3, &level), BC_E_INVALID_ARGUMENT);
    ck_assert_status_msg(bc_mql_log_set_level(0), BC_E_INVALID_ARGUMENT, "max_level 0");
    ck_assert_ok(bc_mql_log_set_level(BC_LOG_INFO));
    bc_log(BC_LOG_DEBUG, "dropped by level");
    ck_assert_int_eq(bc_mql_log_pending(), 0);
}
END_TEST

START_TEST(argument_helpers_name_what_is_wrong)
{
    double values[3] = {1, 2, 3};
    ck_assert_ok(bc_mql_check_array(values, 3, 3, "bar"));
    ck_assert_ok(bc_mql_check_array(NULL, 0, 0, "bar"));
    ck_assert_status_msg(bc_mql_check_array(values, 3, 5, "features"), BC_E_SHAPE,
                         "features has 3 values, needs 5");
    ck_assert_status_msg(bc_mql_check_array(NULL, 2, 0, "probs"), BC_E_INVALID_ARGUMENT,
                         "probs: array is NULL but count is 2");
    ck_assert_status_msg(bc_mql_check_array(values, -1, 0, "probs"), BC_E_INVALID_ARGUMENT,
                         "count -1 is negative");
    ck_assert_ok(bc_mql_check_flag(0, "online"));
    ck_assert_ok(bc_mql_check_flag(1, "online"));
    ck_assert_status_msg(bc_mql_check_flag(2, "online"), BC_E_INVALID_ARGUMENT,
                         "online is 2, expected 0 (false) or 1 (true)");

    uint16_t path[32];
    char *utf8 = NULL;
    ascii_to_utf16("C:\\Data\\model.bcm", path);
    ck_assert_ok(bc_mql_path_in(path, &utf8));
    ck_assert_str_eq(utf8, "C:\\Data\\model.bcm");
    free(utf8);
    path[0] = 0;
    ck_assert_status_msg(bc_mql_path_in(path, &utf8), BC_E_INVALID_ARGUMENT, "path is empty");
    ck_assert_ptr_null(utf8);
}
END_TEST

Suite *suite_mql(void)
{
    Suite *s = suite_create("mql");
    TCase *tc = tcase_create("shim");
    tcase_add_test(tc, version_functions_match_the_core);
    tcase_add_test(tc, last_error_comes_back_whole_or_cut_and_survives_bad_buffers);
    tcase_add_test(tc, non_ascii_names_cross_in_and_out_as_utf16);
    tcase_add_test(tc, backend_id_lives_until_released_once);
    tcase_add_test(tc, release_frees_any_kind_through_its_destructor_exactly_once);
    tcase_add_test(tc, type_table_refuses_conflicts_and_malformed_types);
    tcase_add_test(tc, handing_over_an_object_that_cannot_get_an_id_frees_it);
    tcase_add_test(tc, id_with_an_unregistered_kind_was_never_issued);
    tcase_add_test(tc, log_pop_delivers_whole_messages_and_keeps_those_that_do_not_fit);
    tcase_add_test(tc, argument_helpers_name_what_is_wrong);
    suite_add_tcase(s, tc);
    return s;
}
