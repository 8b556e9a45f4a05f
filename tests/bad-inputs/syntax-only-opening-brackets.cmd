report syntax-only-opening-brackets.json
