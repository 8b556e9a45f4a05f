check expect-path-malformed.json
