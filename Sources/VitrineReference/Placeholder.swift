// VitrineReference
