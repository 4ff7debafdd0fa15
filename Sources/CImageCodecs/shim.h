// libjpeg-turbo's TurboJPEG API and libpng 1.6.
#include <turbojpeg.h>
#include <png.h>
