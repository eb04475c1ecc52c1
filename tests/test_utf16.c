/* test_utf16.c - UTF-16 <-> UTF-8 conversion and UTF-8 file paths (core). */
#include "test_util.h"
#include "core/internal.h"

#include <stdlib.h>
#include <unistd.h>

static int32_t to_utf16(const char *text, uint16_t *buf, int32_t capacity)
{
    int32_t length = -1;
    ck_assert_ok(bc_utf8_to_utf16(text, 1, "test", buf, capacity, &length));
    return length;
}

START_TEST(bmp_and_supplementary_characters_encode_as_unicode_says)
{
    /* e-acute U+00E9, euro U+20AC, grinning face U+1F600 */
    const char *utf8 = "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";
    uint16_t buf[8];
    ck_assert_int_eq(to_utf16(utf8, buf, 8), 4);
    ck_assert_uint_eq(buf[0], 0x00E9);
    ck_assert_uint_eq(buf[1], 0x20AC);
    ck_assert_uint_eq(buf[2], 0xD83D);
    ck_assert_uint_eq(buf[3], 0xDE00);
    ck_assert_uint_eq(buf[4], 0);
    char *back = NULL;
    ck_assert_ok(bc_utf16_to_utf8(buf, "test", &back));
    ck_assert_str_eq(back, utf8);
    free(back);
}
END_TEST

START_TEST(every_code_point_round_trips)
{
    /* All scalar values 1..U+10FFFF (surrogates excluded) in one string. */
    size_t n = 0;
    uint16_t *units = malloc(sizeof *units * (0x110000 * 2 + 1));
    for (uint32_t cp = 1; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        if (cp < 0x10000) {
            units[n++] = (uint16_t)cp;
        } else {
            units[n++] = (uint16_t)(0xD800 + ((cp - 0x10000) >> 10));
            units[n++] = (uint16_t)(0xDC00 + ((cp - 0x10000) & 0x3FF));
        }
    }
    units[n] = 0;
    char *utf8 = NULL;
    ck_assert_ok(bc_utf16_to_utf8(units, "all", &utf8));
    /* 127 one-byte, 1920 two-byte, 63488 - 2048 surrogates = 61440
     * three-byte and 1048576 four-byte code points. */
    ck_assert_uint_eq(strlen(utf8), 127 + 1920 * 2 + 61440 * 3 + 1048576 * 4);
    uint16_t *again = malloc(sizeof *again * (n + 1));
    int32_t length = 0;
    ck_assert_ok(bc_utf8_to_utf16(utf8, 1, "all", again, (int32_t)n + 1, &length));
    ck_assert_int_eq(length, (int32_t)n);
    ck_assert_int_eq(memcmp(units, again, sizeof *units * (n + 1)), 0);
    free(units);
    free(again);
    free(utf8);
}
END_TEST

START_TEST(unpaired_surrogates_are_refused_with_their_position)
{
    const uint16_t lone_high_at_end[] = {'a', 'b', 0xD83D, 0};
    const uint16_t lone_low[] = {0xDE00, 'x', 0};
    const uint16_t high_then_letter[] = {'q', 0xDBFF, 'z', 0};
    char *out = (char *)1;
    ck_assert_status_msg(bc_utf16_to_utf8(lone_high_at_end, "name", &out),
                         BC_E_INVALID_ARGUMENT, "name: unpaired UTF-16 surrogate 0xD83D at unit 2");
    ck_assert_ptr_null(out);
    ck_assert_status_msg(bc_utf16_to_utf8(lone_low, "name", &out),
                         BC_E_INVALID_ARGUMENT, "0xDE00 at unit 0");
    ck_assert_status_msg(bc_utf16_to_utf8(high_then_letter, "name", &out),
                         BC_E_INVALID_ARGUMENT, "0xDBFF at unit 1");
    ck_assert_status_msg(bc_utf16_to_utf8(NULL, "spec", &out), BC_E_INVALID_ARGUMENT,
                         "spec: string is NULL");
}
END_TEST

START_TEST(malformed_utf8_is_refused_when_strict_and_replaced_otherwise)
{
    static const struct { const char *text; const char *offset; } bad[] = {
        {"a\xC0\x80", "0xC0 at offset 1"},           /* overlong NUL */
        {"\xE0\x80\x80", "0xE0 at offset 0"},        /* overlong 3-byte */
        {"ok\xED\xA0\x80", "0xED at offset 2"},      /* encoded surrogate */
        {"\xF4\x90\x80\x80", "0xF4 at offset 0"},    /* above U+10FFFF */
        {"\xE2\x82", "0xE2 at offset 0"},            /* cut short */
        {"x\x80", "0x80 at offset 1"},               /* stray continuation */
    };
    uint16_t buf[16];
    int32_t length;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_status_msg(bc_utf8_to_utf16(bad[i].text, 1, "path", buf, 16, &length),
                             BC_E_INVALID_ARGUMENT, bad[i].offset);
    /* Lenient: each malformed byte is one U+FFFD, the rest survives. */
    ck_assert_ok(bc_utf8_to_utf16("a\xC0\x80z", 0, "msg", buf, 16, &length));
    ck_assert_int_eq(length, 4);
    ck_assert_uint_eq(buf[0], 'a');
    ck_assert_uint_eq(buf[1], 0xFFFD);
    ck_assert_uint_eq(buf[2], 0xFFFD);
    ck_assert_uint_eq(buf[3], 'z');
}
END_TEST

START_TEST(cut_output_keeps_whole_code_points_and_reports_full_length)
{
    const char *text = "a\xF0\x9F\x98\x80" "b"; /* a, U+1F600, b = 4 units */
    uint16_t buf[8];
    for (int cap = 0; cap < 8; cap++)
        buf[cap] = 0x7777;
    ck_assert_int_eq(to_utf16(text, NULL, 0), 4);
    ck_assert_int_eq(to_utf16(text, buf, 1), 4);
    ck_assert_uint_eq(buf[0], 0);
    ck_assert_int_eq(to_utf16(text, buf, 3), 4); /* the pair does not fit */
    ck_assert_uint_eq(buf[0], 'a');
    ck_assert_uint_eq(buf[1], 0);
    ck_assert_int_eq(to_utf16(text, buf, 4), 4);
    ck_assert_uint_eq(buf[1], 0xD83D);
    ck_assert_uint_eq(buf[2], 0xDE00);
    ck_assert_uint_eq(buf[3], 0);
    ck_assert_int_eq(to_utf16(text, buf, 5), 4);
    ck_assert_uint_eq(buf[3], 'b');
    ck_assert_uint_eq(buf[4], 0);
    ck_assert_uint_eq(buf[5], 0x7777);
    int32_t length;
    ck_assert_int_eq(bc_utf8_to_utf16(text, 1, "t", NULL, 3, &length), BC_E_INVALID_ARGUMENT);
    ck_assert_int_eq(bc_utf8_to_utf16(text, 1, "t", buf, -1, &length), BC_E_INVALID_ARGUMENT);
}
END_TEST

START_TEST(files_open_and_replace_by_utf8_path)
{
    char dir[] = "/tmp/bc_utf16_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[256], temp[256];
    snprintf(path, sizeof path, "%s/k\xC3\xBCrs \xF0\x9F\x98\x80.txt", dir);
    snprintf(temp, sizeof temp, "%s/new.tmp", dir);
    FILE *f = bc_fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("old", f);
    fclose(f);
    f = bc_fopen(temp, "w");
    fputs("new", f);
    fclose(f);
    ck_assert_int_eq(bc_replace_file(temp, path), 0);
    char text[8] = "";
    f = bc_fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    ck_assert_ptr_nonnull(fgets(text, sizeof text, f));
    fclose(f);
    ck_assert_str_eq(text, "new");
    ck_assert_ptr_null(bc_fopen(temp, "r"));
    ck_assert_ptr_null(bc_fopen(NULL, "r"));
    ck_assert_int_eq(bc_replace_file(NULL, path), -1);
    unlink(path);
    rmdir(dir);
}
END_TEST

Suite *suite_utf16(void)
{
    Suite *s = suite_create("utf16");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, bmp_and_supplementary_characters_encode_as_unicode_says);
    tcase_add_test(tc, every_code_point_round_trips);
    tcase_add_test(tc, unpaired_surrogates_are_refused_with_their_position);
    tcase_add_test(tc, malformed_utf8_is_refused_when_strict_and_replaced_otherwise);
    tcase_add_test(tc, cut_output_keeps_whole_code_points_and_reports_full_length);
    tcase_add_test(tc, files_open_and_replace_by_utf8_path);
    suite_add_tcase(s, tc);
    return s;
}
