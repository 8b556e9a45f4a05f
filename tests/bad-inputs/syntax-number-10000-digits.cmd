report syntax-number-10000-digits.json
