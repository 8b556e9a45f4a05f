check check-command.json
