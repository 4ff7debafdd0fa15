// OpenBLAS (CBLAS: sgemm, sgemv) and LAPACKE (symmetric eigendecomposition, SVD).
#include <cblas.h>
#include <lapacke.h>
