// oneDNN 2.6 C API (Debian libdnnl-dev).
#include <dnnl.h>
#include <dnnl_version.h>
