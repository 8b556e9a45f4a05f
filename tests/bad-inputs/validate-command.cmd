validate validate-command.json
