// VitrineData
