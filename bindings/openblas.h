/*
 * jextract input for the OpenBLAS bindings (package dev.myelin.ffi.openblas, class OpenBlas).
 * Only the symbols listed in bindings/openblas.symbols are generated.
 * Regenerate with: make bindings JEXTRACT=/path/to/jextract   (see bindings/README.md)
 */
#ifndef MYELIN_OPENBLAS_H
#define MYELIN_OPENBLAS_H

#include <cblas.h>
#include <lapacke.h>

#endif /* MYELIN_OPENBLAS_H */
