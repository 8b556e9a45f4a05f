report extra/valid-p2.json id-duplicate-across-files.json extra/valid-p1.json
