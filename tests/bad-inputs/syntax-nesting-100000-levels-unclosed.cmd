report syntax-nesting-100000-levels-unclosed.json
