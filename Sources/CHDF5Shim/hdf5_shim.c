// Everything lives in the header as static inline functions; this file gives the target a source.
#include "hdf5_shim.h"
