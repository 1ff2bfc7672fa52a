// VitrineHDF5
