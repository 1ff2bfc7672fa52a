import VitrineEngine
print(BLAS.coreName, BLAS.requestedCore, BLAS.threads, BLAS.cpuHasAVX512)
