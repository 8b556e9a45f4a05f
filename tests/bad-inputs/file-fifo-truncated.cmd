report file-fifo-truncated.json
