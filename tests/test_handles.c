/* test_handles.c - the int64 handle table behind the MQL shim. */
#include "test_util.h"
#include "core/internal.h"

#include <pthread.h>

START_TEST(handle_round_trip_returns_the_object)
{
    int object = 42;
    int64_t id = 0;
    int32_t before = bc_handle_live_count();
    ck_assert_ok(bc_handle_insert(3, &object, &id));
    ck_assert_msg(id > 0, "id %lld", (long long)id);
    ck_assert_int_eq(bc_handle_live_count(), before + 1);
    void *out = NULL;
    ck_assert_ok(bc_handle_lookup(id, 3, &out));
    ck_assert_ptr_eq(out, &object);
    ck_assert_ok(bc_handle_remove(id, 3, &out));
    ck_assert_ptr_eq(out, &object);
    ck_assert_int_eq(bc_handle_live_count(), before);
}
END_TEST

START_TEST(stale_id_is_refused_even_after_slot_reuse)
{
    int a = 1, b = 2;
    int64_t id_a, id_b;
    ck_assert_ok(bc_handle_insert(5, &a, &id_a));
    ck_assert_ok(bc_handle_remove(id_a, 5, NULL));
    ck_assert_ok(bc_handle_insert(5, &b, &id_b));
    ck_assert_msg(id_a != id_b, "reused slot must get a new generation");
    void *out = NULL;
    char needle[32];
    snprintf(needle, sizeof needle, "%lld", (long long)id_a);
    ck_assert_status_msg(bc_handle_lookup(id_a, 5, &out), BC_E_STALE_HANDLE, needle);
    ck_assert_status_msg(bc_handle_remove(id_a, 5, &out), BC_E_STALE_HANDLE, "released");
    ck_assert_ok(bc_handle_lookup(id_b, 5, &out));
    ck_assert_ptr_eq(out, &b);
    ck_assert_ok(bc_handle_remove(id_b, 5, NULL));
}
END_TEST

/* The generation is 24 bits: a slot used 16,777,215 times must not hand
 * out an id equal to one it issued before. The hook brings the slot to its
 * last generations; the ids then come from the real insert/remove path. */
START_TEST(stale_ids_never_revive_when_a_slots_generation_runs_out)
{
    int a = 1, b = 2, c = 3;
    int64_t first, id, again;
    void *got = NULL;
    ck_assert_ok(bc_handle_insert(100, &a, &first));
    const int64_t slot_bits = first & 0xFFFFFF;
    bc_handle_test_set_generation(first, 0xFFFFFE); /* 16,777,214 uses so far */
    ck_assert_status_msg(bc_handle_lookup(first, 100, &got), BC_E_STALE_HANDLE, "released");
    /* the slot's last two generations (remove() needs a live id) */
    int64_t current = (100LL << 48) | (0xFFFFFELL << 24) | slot_bits;
    ck_assert_ok(bc_handle_remove(current, 100, NULL));
    ck_assert_ok(bc_handle_insert(100, &b, &id));
    ck_assert_int_eq(id & 0xFFFFFF, slot_bits);      /* same slot, */
    ck_assert_int_eq((id >> 24) & 0xFFFFFF, 0xFFFFFF); /* last generation */
    ck_assert_ok(bc_handle_remove(id, 100, NULL));
    /* The slot is retired: the next object gets another slot, and neither
     * the last id nor the very first one (generation 1) comes back. */
    ck_assert_ok(bc_handle_insert(100, &c, &again));
    ck_assert_int_ne(again & 0xFFFFFF, slot_bits);
    ck_assert_status_msg(bc_handle_lookup(id, 100, &got), BC_E_STALE_HANDLE, "released");
    ck_assert_status_msg(bc_handle_lookup(first, 100, &got), BC_E_STALE_HANDLE, "released");
    for (int k = 0; k < 8; k++) { /* many more cycles: still never that slot */
        int64_t x;
        ck_assert_ok(bc_handle_remove(again, 100, NULL));
        ck_assert_ok(bc_handle_insert(100, &c, &x));
        ck_assert_int_ne(x & 0xFFFFFF, slot_bits);
        again = x;
    }
    ck_assert_ok(bc_handle_remove(again, 100, NULL));
}
END_TEST

START_TEST(foreign_and_garbage_ids_are_refused)
{
    int a = 1;
    int64_t id;
    ck_assert_ok(bc_handle_insert(7, &a, &id));
    void *out = NULL;
    ck_assert_status_msg(bc_handle_lookup(id, 8, &out), BC_E_WRONG_HANDLE_TYPE, "type 7");
    ck_assert_int_eq(bc_handle_lookup(0, 7, &out), BC_E_BAD_HANDLE);
    ck_assert_int_eq(bc_handle_lookup(-5, 7, &out), BC_E_BAD_HANDLE);
    ck_assert_int_eq(bc_handle_lookup(INT64_MAX, 7, &out), BC_E_BAD_HANDLE);
    ck_assert_int_eq(bc_handle_lookup(123456789, 7, &out), BC_E_BAD_HANDLE);
    /* Right tag and generation, slot far beyond the table. */
    int64_t forged = (id & ~(int64_t)0xFFFFFF) | 0xFFFFFF;
    ck_assert_int_eq(bc_handle_lookup(forged, 7, &out), BC_E_BAD_HANDLE);
    ck_assert_int_eq(bc_handle_lookup(id, 7, NULL), BC_E_INVALID_ARGUMENT);
    ck_assert_int_eq(bc_handle_insert(0, &a, &id), BC_E_INVALID_ARGUMENT);
    ck_assert_int_eq(bc_handle_insert(200, &a, &id), BC_E_INVALID_ARGUMENT);
    ck_assert_int_eq(bc_handle_insert(7, NULL, &id), BC_E_INVALID_ARGUMENT);
    ck_assert_ok(bc_handle_remove(id, 7, NULL));
}
END_TEST

START_TEST(table_grows_past_initial_capacity)
{
    enum { N = 1000 };
    static int objects[N];
    static int64_t ids[N];
    for (int i = 0; i < N; i++)
        ck_assert_ok(bc_handle_insert(9, &objects[i], &ids[i]));
    for (int i = 0; i < N; i++) {
        void *out;
        ck_assert_ok(bc_handle_lookup(ids[i], 9, &out));
        ck_assert_ptr_eq(out, &objects[i]);
    }
    for (int i = 0; i < N; i++)
        ck_assert_ok(bc_handle_remove(ids[i], 9, NULL));
}
END_TEST

static void *churn(void *arg)
{
    int *object = arg;
    for (int i = 0; i < 2000; i++) {
        int64_t id;
        void *out;
        if (bc_handle_insert(11, object, &id) != BC_OK ||
            bc_handle_lookup(id, 11, &out) != BC_OK || out != object ||
            bc_handle_remove(id, 11, NULL) != BC_OK ||
            bc_handle_lookup(id, 11, &out) != BC_E_STALE_HANDLE)
            return (void *)1;
    }
    return NULL;
}

START_TEST(table_is_safe_across_threads)
{
    pthread_t t[4];
    int objects[4];
    for (int i = 0; i < 4; i++)
        ck_assert_int_eq(pthread_create(&t[i], NULL, churn, &objects[i]), 0);
    for (int i = 0; i < 4; i++) {
        void *r;
        pthread_join(t[i], &r);
        ck_assert_ptr_null(r);
    }
}
END_TEST

Suite *suite_handles(void)
{
    Suite *s = suite_create("handles");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, handle_round_trip_returns_the_object);
    tcase_add_test(tc, stale_id_is_refused_even_after_slot_reuse);
    tcase_add_test(tc, foreign_and_garbage_ids_are_refused);
    tcase_add_test(tc, stale_ids_never_revive_when_a_slots_generation_runs_out);
    tcase_add_test(tc, table_grows_past_initial_capacity);
    tcase_add_test(tc, table_is_safe_across_threads);
    suite_add_tcase(s, tc);
    return s;
}
