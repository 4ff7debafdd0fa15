// VLFeat 0.9.21 (Debian libvlfeat-dev): SIFT, covariant detectors, k-means, VLAD, GMM and Fisher vectors.
#include <vl/generic.h>
#include <vl/sift.h>
#include <vl/covdet.h>
#include <vl/kmeans.h>
#include <vl/vlad.h>
#include <vl/gmm.h>
#include <vl/fisher.h>
#include <vl/imopv.h>
#include <vl/kdtree.h>
