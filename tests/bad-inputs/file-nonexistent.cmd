report no-such-file.json
