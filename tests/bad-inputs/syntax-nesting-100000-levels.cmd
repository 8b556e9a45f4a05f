report syntax-nesting-100000-levels.json
