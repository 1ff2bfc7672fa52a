// reference tests
