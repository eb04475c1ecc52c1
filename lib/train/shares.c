/* shares.c - one place that splits training work over threads: a fixed
 * contiguous partition of row chunks, share 0 on the calling thread, the
 * others on their own threads, a share whose thread cannot start run on
 * the calling thread after share 0. Callers reduce the shares' partial
 * sums in share order, so results depend on the thread count only. */
#include "train/train.h"

#include <pthread.h>
#include <stdlib.h>

void bc_share_rows(int64_t chunks, int64_t chunk_rows, int32_t t, int32_t shares, int64_t rows,
                   int64_t *r0, int64_t *r1)
{
    *r0 = (chunks * t / shares) * chunk_rows;
    *r1 = (chunks * (t + 1) / shares) * chunk_rows;
    if (*r1 > rows)
        *r1 = rows;
    if (*r0 > *r1)
        *r0 = *r1;
}

void bc_run_shares(void *tasks, size_t task_size, int32_t shares, void *(*fn)(void *))
{
    char *base = tasks;
    pthread_t *tid = shares > 1 ? calloc((size_t)shares, sizeof *tid) : NULL;
    char *started = shares > 1 ? calloc((size_t)shares, 1) : NULL;
    if (!tid || !started) {
        /* One share, or no memory for the thread table: all on this thread. */
        free(tid);
        free(started);
        for (int32_t t = 0; t < shares; t++)
            fn(base + (size_t)t * task_size);
        return;
    }
    for (int32_t t = 1; t < shares; t++)
        started[t] = pthread_create(&tid[t], NULL, fn, base + (size_t)t * task_size) == 0;
    fn(base);
    for (int32_t t = 1; t < shares; t++) {
        if (started[t])
            pthread_join(tid[t], NULL);
        else
            fn(base + (size_t)t * task_size);
    }
    free(tid);
    free(started);
}
