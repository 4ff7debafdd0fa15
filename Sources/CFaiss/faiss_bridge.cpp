#include "cfaiss.h"
#include <faiss/IndexFlat.h>
// OpenMP runtime (libgomp); declared here because gcc's omp.h is not on clang's include path.
extern "C" void omp_set_num_threads(int);
#include <cstring>
#include <exception>

extern "C" int cfaiss_flat_ip_search(int64_t d, int64_t n, const float *database, int64_t m, const float *queries,
                                     int64_t k, float *similarities, int64_t *ids, char *error,
                                     int64_t error_capacity) {
    try {
        faiss::IndexFlatIP index(d);
        index.add(n, database);
        index.search(m, queries, k, similarities, ids);
        return 0;
    } catch (const std::exception &e) {
        if (error && error_capacity > 0) {
            std::strncpy(error, e.what(), static_cast<size_t>(error_capacity - 1));
            error[error_capacity - 1] = '\0';
        }
        return -1;
    }
}

extern "C" void cfaiss_set_threads(int threads) { omp_set_num_threads(threads); }
