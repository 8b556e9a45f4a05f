report - < stdin-input.json
