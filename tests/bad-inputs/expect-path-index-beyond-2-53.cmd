check expect-path-index-beyond-2-53.json
