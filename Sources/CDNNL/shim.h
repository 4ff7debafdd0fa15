// oneDNN 2.6 C API (Debian libdnnl-dev; CPU runtime: OpenMP).
#include <dnnl.h>
#include <dnnl_version.h>

// Execution-argument indices (macros aliasing macros do not reach Swift).
static const int cbir_dnnl_arg_src = DNNL_ARG_SRC;
static const int cbir_dnnl_arg_dst = DNNL_ARG_DST;
static const int cbir_dnnl_arg_weights = DNNL_ARG_WEIGHTS;
static const int cbir_dnnl_arg_bias = DNNL_ARG_BIAS;
static const int cbir_dnnl_arg_src_1 = DNNL_ARG_SRC_1;
// Concatenation inputs are DNNL_ARG_MULTIPLE_SRC + i.
static const int cbir_dnnl_arg_multiple_src = DNNL_ARG_MULTIPLE_SRC;
static const int cbir_dnnl_arg_scratchpad = DNNL_ARG_SCRATCHPAD;

// The OpenMP runtime oneDNN runs on (libgomp); sets its thread count.
void omp_set_num_threads(int);
