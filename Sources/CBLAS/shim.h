// OpenBLAS's CBLAS interface, plus its thread-count and kernel-name controls.
#include <cblas.h>
