// A minimal C interface to faiss (C++ only in Debian's static libfaiss-dev), used by `cbir bench` to time exact
// search against the reference implementation of the field on the same machine.
#ifndef CFAISS_H
#define CFAISS_H
#include <stdint.h>
#ifdef __cplusplus
extern "C" {
#endif

/// Exact inner-product k-NN with faiss::IndexFlatIP.
/// database: n×d row-major (one vector per row, i.e. a column-major d×n matrix); queries: m×d likewise.
/// Writes m×k similarities and ids (row per query). Returns 0 on success, -1 on a faiss exception (message in
/// `error`, at most `error_capacity` bytes including the terminator).
int cfaiss_flat_ip_search(int64_t d, int64_t n, const float *database, int64_t m, const float *queries, int64_t k,
                          float *similarities, int64_t *ids, char *error, int64_t error_capacity);

/// Sets faiss' OpenMP thread count.
void cfaiss_set_threads(int threads);

#ifdef __cplusplus
}
#endif
#endif
