/*
 * jextract input for the oneDNN C API bindings (package dev.myelin.ffi.onednn, class Dnnl).
 * Only the symbols listed in bindings/dnnl.symbols are generated.
 * Regenerate with: make bindings JEXTRACT=/path/to/jextract   (see bindings/README.md)
 */
#ifndef MYELIN_DNNL_H
#define MYELIN_DNNL_H

#include <oneapi/dnnl/dnnl.h>

#endif /* MYELIN_DNNL_H */
