report string-very-long-key.json
