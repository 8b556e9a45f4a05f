report -f json report-json-format.json
