report syntax-trailing-comma-array.json value-count-negative.json extra/valid-p1.json top-array.json
