report string-very-long-id.json
