report extra/valid-p1.json/program.json
