// VitrineModels
