/*
 * handles.c - the int64 handle table behind the MQL shim.
 * An id is tag(8 bits) << 48 | generation(24) << 24 | slot+1 (24). A slot's
 * generation advances on every release, so old ids are recognised as stale
 * instead of reaching freed memory; a slot whose generation would wrap is
 * retired for good, so no id ever becomes valid again (an EA creating
 * objects per tick retires a slot after 16.7 million uses; the 16.7 million
 * slots would last about 2.8e14 create/release cycles). Owns no objects:
 * callers free them.
 */
#include "internal.h"

#include <pthread.h>
#include <stdlib.h>

enum { SLOT_BITS = 24, GENERATION_BITS = 24 };
#define SLOT_LIMIT ((uint32_t)1 << SLOT_BITS)
#define GENERATION_MASK (((uint32_t)1 << GENERATION_BITS) - 1)

struct slot {
    void *object;      /* NULL when free */
    uint32_t generation;
    uint32_t tag;
    uint32_t next_free; /* slot index + 1 of the next free slot, 0 = none */
};

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static struct slot *slots;
static uint32_t slot_capacity;
static uint32_t slot_used;   /* slots ever handed out (high-water mark) */
static uint32_t free_head;   /* slot index + 1, 0 = none */
static int32_t live_count;

static int64_t make_id(uint32_t tag, uint32_t generation, uint32_t slot)
{
    return ((int64_t)tag << 48) | ((int64_t)generation << SLOT_BITS) |
           (int64_t)(slot + 1);
}

int32_t bc_handle_insert(uint32_t tag, void *obj, int64_t *out_id)
{
    if (tag < BC_HANDLE_TAG_MIN || tag > BC_HANDLE_TAG_MAX || !obj || !out_id)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "handle table: bad insert (tag %u, object %p)",
                       (unsigned)tag, obj);
    pthread_mutex_lock(&table_lock);
    uint32_t index;
    if (free_head) {
        index = free_head - 1;
        free_head = slots[index].next_free;
    } else {
        if (slot_used == slot_capacity) {
            uint32_t grow = slot_capacity ? slot_capacity * 2 : 64;
            if (grow > SLOT_LIMIT)
                grow = SLOT_LIMIT;
            struct slot *bigger =
                grow > slot_capacity ? realloc(slots, grow * sizeof *slots) : NULL;
            if (!bigger) {
                pthread_mutex_unlock(&table_lock);
                return bc_fail(BC_E_OUT_OF_MEMORY,
                               "handle table: cannot grow beyond %u live objects",
                               (unsigned)slot_capacity);
            }
            slots = bigger;
            slot_capacity = grow;
        }
        index = slot_used++;
        slots[index].generation = 1;
    }
    slots[index].object = obj;
    slots[index].tag = tag;
    slots[index].next_free = 0;
    live_count++;
    *out_id = make_id(tag, slots[index].generation, index);
    pthread_mutex_unlock(&table_lock);
    return BC_OK;
}

uint32_t bc_handle_tag_of(int64_t id)
{
    uint32_t tag = (uint32_t)((uint64_t)id >> 48);
    if (id <= 0 || tag < BC_HANDLE_TAG_MIN || tag > BC_HANDLE_TAG_MAX)
        return 0;
    return tag;
}

/* Resolves id under the lock; returns the slot or sets the error. */
static int32_t resolve(int64_t id, uint32_t tag, struct slot **out)
{
    uint32_t id_tag = (uint32_t)((uint64_t)id >> 48);
    uint32_t generation = (uint32_t)(((uint64_t)id >> SLOT_BITS) & GENERATION_MASK);
    uint64_t slot_plus_one = (uint64_t)id & (SLOT_LIMIT - 1);
    if (id <= 0 || id_tag < BC_HANDLE_TAG_MIN || id_tag > BC_HANDLE_TAG_MAX ||
        generation == 0 || slot_plus_one == 0 || slot_plus_one > slot_used)
        return bc_fail(BC_E_BAD_HANDLE, "handle %lld was never issued",
                       (long long)id);
    struct slot *s = &slots[slot_plus_one - 1];
    if (s->generation != generation || !s->object)
        return bc_fail(BC_E_STALE_HANDLE,
                       "handle %lld was already released", (long long)id);
    if (id_tag != tag || s->tag != tag)
        return bc_fail(BC_E_WRONG_HANDLE_TYPE,
                       "handle %lld names an object of type %u, expected type %u",
                       (long long)id, (unsigned)id_tag, (unsigned)tag);
    *out = s;
    return BC_OK;
}

int32_t bc_handle_lookup(int64_t id, uint32_t tag, void **out)
{
    if (!out)
        return bc_fail(BC_E_INVALID_ARGUMENT, "handle lookup: out is NULL");
    struct slot *s;
    pthread_mutex_lock(&table_lock);
    int32_t rc = resolve(id, tag, &s);
    if (rc == BC_OK)
        *out = s->object;
    pthread_mutex_unlock(&table_lock);
    return rc;
}

int32_t bc_handle_remove(int64_t id, uint32_t tag, void **out)
{
    struct slot *s;
    pthread_mutex_lock(&table_lock);
    int32_t rc = resolve(id, tag, &s);
    if (rc == BC_OK) {
        if (out)
            *out = s->object;
        s->object = NULL;
        live_count--;
        if (s->generation == GENERATION_MASK) {
            /* The next generation would wrap to one issued before: retire
             * the slot (never on the free list again, so never reused). */
            s->generation = 0;
        } else {
            s->generation++;
            uint32_t index = (uint32_t)(s - slots);
            s->next_free = free_head;
            free_head = index + 1;
        }
    }
    pthread_mutex_unlock(&table_lock);
    return rc;
}

void bc_handle_test_set_generation(int64_t id, uint32_t generation)
{
    uint64_t slot_plus_one = (uint64_t)id & (SLOT_LIMIT - 1);
    pthread_mutex_lock(&table_lock);
    if (slot_plus_one >= 1 && slot_plus_one <= slot_used && generation >= 1 &&
        generation <= GENERATION_MASK)
        slots[slot_plus_one - 1].generation = generation;
    pthread_mutex_unlock(&table_lock);
}

int32_t bc_handle_live_count(void)
{
    pthread_mutex_lock(&table_lock);
    int32_t n = live_count;
    pthread_mutex_unlock(&table_lock);
    return n;
}
